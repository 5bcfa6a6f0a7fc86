package io.jagent.inputs.statsd;

import io.jagent.spi.Metric;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;

/** DataDog events and service checks (reference §4.6, §4.7): rare, so String-based. */
final class DatadogMessages {
  private DatadogMessages() {}

  /** Thrown for a malformed message; the text is Telegraf's reason. */
  static final class BadMessage extends Exception {
    BadMessage(String message) {
      super(message, null, false, false);
    }
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n");
  }

  /** {@code _e{TITLE_LEN,TEXT_LEN}:TITLE|TEXT|...}; lengths count bytes. */
  static Metric event(String line, String source, long nowNanos) throws BadMessage {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    int colon = -1;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon < 0 || colon < 7 || b.length - colon - 1 < 3) {
      throw new BadMessage("invalid message format");
    }
    String header = new String(b, 0, colon, StandardCharsets.UTF_8);
    byte[] msg = Arrays.copyOfRange(b, colon + 1, b.length);
    String lens = header.substring(3);
    int comma = lens.indexOf(',');
    if (comma < 0) {
      throw new BadMessage("invalid message format");
    }
    long titleLen;
    long textLen;
    try {
      titleLen = Long.parseLong(lens.substring(0, comma));
    } catch (NumberFormatException e) {
      throw new BadMessage(
          "invalid message format, could not parse title.length: \""
              + lens.substring(0, comma)
              + "\"");
    }
    String rest = lens.substring(comma + 1);
    try {
      if (rest.isEmpty()) {
        throw new NumberFormatException();
      }
      textLen = Long.parseLong(rest.substring(0, rest.length() - 1));
    } catch (NumberFormatException e) {
      throw new BadMessage(
          "invalid message format, could not parse text.length: \""
              + lens.substring(0, comma)
              + "\"");
    }
    if (titleLen < 0 || textLen < 0) {
      throw new BadMessage("invalid message format, negative title.length or text.length");
    }
    // each length alone first: their sum may overflow (Go's wraps, and Telegraf then panics on the
    // slice; we refuse the line)
    if (titleLen > msg.length || textLen > msg.length || titleLen + textLen + 1 > msg.length) {
      throw new BadMessage(
          "invalid message format, title.length and text.length exceed total message length");
    }
    int tl = (int) titleLen;
    int xl = (int) textLen;
    String title = new String(msg, 0, tl, StandardCharsets.UTF_8);
    String text = new String(msg, tl + 1, xl, StandardCharsets.UTF_8);
    if (title.isEmpty() || text.isEmpty()) {
      throw new BadMessage("invalid event message format: empty 'title' or 'text' field");
    }
    int after = tl + 1 + xl;
    TreeMap<String, String> tags = new TreeMap<>();
    if (source != null && !source.isEmpty()) {
      tags.put("source", source);
    }
    String alertType = "info";
    String priority = "normal";
    Long ts = null;
    String sourceTypeName = null;
    if (msg.length - after >= 2) {
      String meta = new String(msg, after + 1, msg.length - after - 1, StandardCharsets.UTF_8);
      for (String part : meta.split("\\|", -1)) {
        if (part.length() < 2) {
          throw new BadMessage("too short metadata field");
        }
        String v = part.substring(2);
        switch (part.substring(0, 2)) {
          case "d:" -> {
            try {
              ts = Long.parseLong(v);
            } catch (NumberFormatException e) {
              // ignored, as Telegraf
            }
          }
          case "p:" -> {
            if (v.equals("low")) {
              priority = "low";
            }
          }
          case "h:" -> tags.put("source", v);
          case "t:" -> {
            if (v.equals("error")
                || v.equals("warning")
                || v.equals("success")
                || v.equals("info")) {
              alertType = v;
            }
          }
          case "k:" -> tags.put("aggregation_key", v);
          case "s:" -> sourceTypeName = v;
          default -> {
            if (part.charAt(0) != '#') {
              throw new BadMessage("unknown metadata type: \"" + part + "\"");
            }
            Aggregator.parseDataDogTags(tags, part.substring(1));
          }
        }
      }
    }
    String host = tags.remove("host");
    if (host != null) {
      tags.put("source", host);
    }
    Metric.Builder mb = Metric.builder(title).time(nowNanos);
    tags.forEach(mb::tag);
    mb.field("alert_type", alertType);
    mb.field("text", unescape(text));
    mb.field("priority", priority);
    if (ts != null) {
      mb.field("ts", ts.longValue());
    }
    if (sourceTypeName != null) {
      mb.field("source_type_name", sourceTypeName);
    }
    return mb.build();
  }

  private static final String[] STATUS = {"ok", "warning", "critical", "unknown"};

  /** {@code _sc|NAME|STATUS[|d:TS][|h:HOST][|#TAGS][|m:MESSAGE]}. */
  static Metric serviceCheck(String line, String source, long nowNanos) throws BadMessage {
    String[] parts = line.split("\\|", -1);
    if (parts.length < 3) {
      throw new BadMessage("invalid service check format");
    }
    String name = parts[1];
    if (name.isEmpty()) {
      throw new BadMessage("empty service check name");
    }
    int status;
    try {
      status = Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      throw new BadMessage("invalid service check status: \"" + parts[2] + "\"");
    }
    if (status < 0 || status > 3) {
      throw new BadMessage("invalid service check status: \"" + parts[2] + "\"");
    }
    TreeMap<String, String> tags = new TreeMap<>();
    if (source != null && !source.isEmpty()) {
      tags.put("source", source);
    }
    long time = nowNanos;
    String message = null;
    for (int i = 3; i < parts.length; i++) {
      String p = parts[i];
      if (p.startsWith("#")) {
        Aggregator.parseDataDogTags(tags, p.substring(1));
        continue;
      }
      if (p.length() < 2) {
        continue;
      }
      String v = p.substring(2);
      switch (p.substring(0, 2)) {
        case "d:" -> {
          try {
            time = Math.multiplyExact(Long.parseLong(v), 1_000_000_000L);
          } catch (NumberFormatException | ArithmeticException e) {
            // keep receive time
          }
        }
        case "h:" -> tags.put("source", v);
        case "m:" -> message = unescape(v);
        default -> {}
      }
    }
    String host = tags.remove("host");
    if (host != null) {
      tags.put("source", host);
    }
    tags.put("check_name", name);
    Metric.Builder mb = Metric.builder("statsd_service_check").time(time);
    tags.forEach(mb::tag);
    mb.field("status", (long) status);
    mb.field("status_text", STATUS[status]);
    if (message != null) {
      mb.field("message", message);
    }
    return mb.build();
  }
}
