package io.jagent.inputs.statsd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Telegraf's graphite-style template engine as statsd uses it (reference §5.3): bucket name →
 * measurement, tags, field. Cold path only: results are cached per series by the aggregator.
 */
final class Templates {
  /** The outcome for one name; tags in template order (later keys joined). */
  record Result(String measurement, Map<String, String> tags, String field) {}

  private static final String DEFAULT_SEPARATOR = ".";

  private final String joiner;
  private final Node root = new Node("");
  private final Template defaultTemplate;

  /** What bucket names are split with to walk the filter tree (Telegraf's root node separator). */
  private final String matchSeparator;

  /**
   * As Telegraf's templating engine: the specs are sorted filter-less first, then by their number
   * of template parts (a stable sort, so equal ones keep config order), and applied in that order:
   * each filter-less one replaces the default template, each other one is inserted in the filter
   * tree with its filter split on its own separator, so that of two with the same filter the one
   * with more parts wins. Every spec also sets the separator bucket names are split with to walk
   * the tree (the root node's, in Telegraf): the last one's. With the default separator everywhere,
   * as almost every config has, that is "." throughout.
   */
  Templates(List<String> specs, String joiner) {
    this.joiner = joiner;
    List<Template> parsed = new ArrayList<>();
    for (String spec : specs) {
      if (spec.isBlank()) {
        continue; // Telegraf skips a spec with no fields
      }
      Template t = parse(spec);
      if (t == null) {
        throw new IllegalArgumentException("invalid template " + spec);
      }
      parsed.add(t);
    }
    parsed.sort(
        Comparator.comparing((Template t) -> !t.filter.isEmpty())
            .thenComparingInt(t -> t.parts.length));
    Template filterless = null;
    String separator = DEFAULT_SEPARATOR;
    for (Template t : parsed) {
      if (t.filter.isEmpty()) {
        filterless = t;
      } else {
        root.insert(split(t.filter, t.separator), 0, t);
      }
      separator = t.separator;
    }
    matchSeparator = separator;
    defaultTemplate =
        filterless != null
            ? filterless
            : new Template("", DEFAULT_SEPARATOR, new String[] {"measurement*"}, Map.of());
  }

  /** Null if every spec is valid, else a message about the first bad one. */
  static String validate(List<String> specs) {
    for (String spec : specs) {
      if (spec.isBlank()) {
        continue; // ignored, as Telegraf ignores it
      }
      String[] f = fields(spec);
      if (f.length < 1 || f.length > 4) {
        return "invalid template format: \"" + spec + "\"";
      }
      Template t = parse(spec);
      if (t == null) {
        return "invalid template format: \"" + spec + "\"";
      }
      boolean measurement = false;
      boolean greedyM = false;
      boolean greedyF = false;
      for (String p : t.parts) {
        measurement |= p.equals("measurement") || p.equals("measurement*");
        greedyM |= p.equals("measurement*");
        greedyF |= p.equals("field*");
      }
      if (!measurement) {
        return "no measurement specified for template \"" + spec + "\"";
      }
      if (greedyM && greedyF) {
        return "either 'field*' or 'measurement*' can be used in each template (but not both"
            + " together): \""
            + spec
            + "\"";
      }
      if (t.tags == null) {
        return "invalid template tags in \"" + spec + "\": each must be key=value";
      }
    }
    return null;
  }

  Result apply(String name) {
    Template t = match(name);
    String[] all = split(name, t.separator);
    List<String> measurement = new ArrayList<>(4);
    List<String> field = new ArrayList<>(2);
    Map<String, List<String>> tagParts = new LinkedHashMap<>();
    t.tags.forEach((k, v) -> tagParts.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    for (int i = 0; i < t.parts.length; i++) {
      if (i >= all.length) {
        continue;
      }
      String tag = t.parts[i];
      switch (tag) {
        case "" -> {}
        case "measurement" -> measurement.add(all[i]);
        case "field" -> field.add(all[i]);
        case "field*" -> field.addAll(List.of(all).subList(i, all.length));
        case "measurement*" -> measurement.addAll(List.of(all).subList(i, all.length));
        default -> tagParts.computeIfAbsent(tag, x -> new ArrayList<>()).add(all[i]);
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tagParts.forEach((k, v) -> tags.put(k, String.join(joiner, v)));
    return new Result(String.join(joiner, measurement), tags, String.join(joiner, field));
  }

  private Template match(String name) {
    Template t = root.search(split(name, matchSeparator), 0);
    return t != null ? t : defaultTemplate;
  }

  private static String[] split(String s, String sep) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int i = s.indexOf(sep, from);
      if (i < 0) {
        out.add(s.substring(from));
        return out.toArray(new String[0]);
      }
      out.add(s.substring(from, i));
      from = i + sep.length();
    }
  }

  private static String[] fields(String s) {
    String t = s.strip();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  /** Null when the spec cannot be parsed; {@code tags} null when a TAGS item lacks '='. */
  private static Template parse(String spec) {
    String[] p = fields(spec);
    String separator = DEFAULT_SEPARATOR;
    String filter = "";
    String template;
    String tagString = "";
    switch (p.length) {
      case 1 -> template = p[0];
      case 2 -> {
        if (p[1].contains("=")) {
          template = p[0];
          tagString = p[1];
        } else {
          filter = p[0];
          template = p[1];
        }
      }
      case 3 -> {
        if (p[2].contains("=")) {
          filter = p[0];
          template = p[1];
          tagString = p[2];
        } else {
          separator = p[0];
          filter = p[1];
          template = p[2];
        }
      }
      case 4 -> {
        separator = p[0];
        filter = p[1];
        template = p[2];
        tagString = p[3];
      }
      default -> {
        return null;
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    if (!tagString.isEmpty()) {
      for (String kv : tagString.split(",", -1)) {
        String[] parts = kv.split("=", -1);
        if (parts.length < 2) {
          tags = null;
          break;
        }
        tags.put(parts[0], parts[1]); // Telegraf's too: "a=b=c" is a=b
      }
    }
    return new Template(filter, separator, split(template, separator), tags);
  }

  private record Template(
      String filter, String separator, String[] parts, Map<String, String> tags) {}

  /** Filter tree: exact children sorted, {@code *} last (Telegraf's templating node). */
  private static final class Node {
    final String value;
    final List<Node> children = new ArrayList<>();
    Template template;

    Node(String value) {
      this.value = value;
    }

    void insert(String[] values, int i, Template t) {
      if (i == values.length) {
        template = t;
        return;
      }
      for (Node c : children) {
        if (c.value.equals(values[i])) {
          c.insert(values, i + 1, t);
          return;
        }
      }
      Node n = new Node(values[i]);
      children.add(n);
      children.sort(
          (a, b) -> {
            boolean aw = a.value.equals("*");
            boolean bw = b.value.equals("*");
            if (aw != bw) {
              return aw ? 1 : -1;
            }
            return a.value.compareTo(b.value);
          });
      n.insert(values, i + 1, t);
    }

    Template search(String[] parts, int i) {
      if (i >= parts.length || children.isEmpty()) {
        return template;
      }
      Node wildcard = children.get(children.size() - 1);
      for (Node c : children) {
        if (!c.value.equals("*") && c.value.equals(parts[i])) {
          Template t = c.search(parts, i + 1);
          if (t != null) {
            return t;
          }
          break;
        }
      }
      if (wildcard.value.equals("*")) {
        // Telegraf's recursiveSearch returns the wildcard branch's result even when it found
        // nothing: this node's own template is the fallback only for a node without a '*' child
        return wildcard.search(parts, i + 1);
      }
      return template;
    }
  }
}
