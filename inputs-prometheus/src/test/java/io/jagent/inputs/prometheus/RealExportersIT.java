package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jagent.spi.Metric;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Scrapes the real node_exporter and Prometheus server ({@code .ci/servers.sh start node_exporter
 * prometheus}; URLs in AGENT_IT_NODE_EXPORTER_URL / AGENT_IT_PROMETHEUS_URL) and checks the result
 * against an independent, deliberately simple reading of the same endpoint taken just before and
 * just after: series per family, label sets, and every value that did not move between the reads.
 */
class RealExportersIT {
  private static String url(String env) {
    String u = System.getenv(env);
    if (u == null || u.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(env + " is not set: start the server with .ci/servers.sh (CI must not skip)");
      }
      Assumptions.abort(env + " not set");
    }
    return u;
  }

  /** One sample line read independently: family, labels (empty values dropped), value. */
  record Sample(String name, TreeMap<String, String> labels, String value) {}

  /** The independent reading: TYPE lines and sample lines, with a hand-written label splitter. */
  record Reading(Map<String, String> types, List<Sample> samples) {
    Map<String, String> values() {
      Map<String, String> m = new HashMap<>();
      for (Sample s : samples) {
        m.put(s.name() + s.labels(), s.value());
      }
      return m;
    }
  }

  private static Reading read(String url) throws Exception {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String body =
        c.send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/plain;version=0.0.4")
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, String> types = new HashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      TreeMap<String, String> labels = new TreeMap<>();
      String name;
      String rest;
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int i = brace + 1;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String k = line.substring(i, eq).trim();
          StringBuilder v = new StringBuilder();
          int j = eq + 2; // past ="
          while (line.charAt(j) != '"') {
            char ch = line.charAt(j);
            if (ch == '\\') {
              char n = line.charAt(++j);
              v.append(n == 'n' ? '\n' : n);
            } else {
              v.append(ch);
            }
            j++;
          }
          if (v.length() > 0) {
            labels.put(k, v.toString());
          }
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        rest = line.substring(i + 1).trim();
      } else {
        name = line.substring(0, space);
        rest = line.substring(space + 1).trim();
      }
      samples.add(new Sample(name, labels, rest.split(" ")[0]));
    }
    return new Reading(types, samples);
  }

  private static String familyOf(Reading r, Sample s) {
    String n = s.name();
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (n.endsWith(suffix)) {
        String base = n.substring(0, n.length() - suffix.length());
        String t = r.types().get(base);
        if ("histogram".equals(t) || ("summary".equals(t) && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return n;
  }

  /** Expected v1 metric count per family from a reading. */
  private static Map<String, Integer> expectedCounts(Reading r) {
    Map<String, Set<String>> series = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Sample s : r.samples()) {
      String fam = familyOf(r, s);
      String t = r.types().getOrDefault(fam, "untyped");
      if (t.equals("summary") || t.equals("histogram")) {
        TreeMap<String, String> l = new TreeMap<>(s.labels());
        l.remove("quantile");
        l.remove("le");
        series.computeIfAbsent(fam, k -> new HashSet<>()).add(l.toString());
      } else if (!s.value().equals("NaN")) {
        counts.merge(fam, 1, Integer::sum);
      }
    }
    series.forEach((k, v) -> counts.put(k, v.size()));
    return counts;
  }

  /** Asks for the text format only (http_headers replace the Accept header). */
  private static final String TEXT_ONLY =
      "http_headers = {\"Accept\" = \"text/plain;version=0.0.4\"}\n";

  private static TestAccumulator scrape(String url, int version) throws Exception {
    return scrape(url, version, "");
  }

  private static TestAccumulator scrape(String url, int version, String extra) throws Exception {
    TestAccumulator acc = new TestAccumulator();
    try (TestPluginContext ctx = new TestPluginContext("inputs.prometheus")) {
      new PrometheusInput(
              PluginConfigs.parse(
                  new PrometheusInputFactory(),
                  "urls = [\"" + url + "\"]\nmetric_version = " + version + "\n" + extra),
              ctx)
          .gather(acc);
    }
    assertEquals(List.of(), acc.errors());
    return acc;
  }

  private static double num(String v) {
    return switch (v) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  /** Checks the default (protobuf) scrape and the text one. */
  private static void check(String url) throws Exception {
    check(url, "");
    check(url, TEXT_ONLY);
  }

  private static void check(String url, String extra) throws Exception {
    Reading before = read(url);
    TestAccumulator v1 = scrape(url, 1, extra);
    TestAccumulator v2 = scrape(url, 2, extra);
    Reading after = read(url);

    // series per family (families whose series set did not change between the reads)
    Map<String, Integer> want = expectedCounts(before);
    Map<String, Integer> wantAfter = expectedCounts(after);
    Map<String, Integer> got = new HashMap<>();
    for (Metric m : v1.metrics()) {
      assertEquals(url, m.tag("url"));
      got.merge(m.name(), 1, Integer::sum);
    }
    int compared = 0;
    for (var e : want.entrySet()) {
      if (e.getValue().equals(wantAfter.get(e.getKey()))) {
        assertEquals(e.getValue(), got.getOrDefault(e.getKey(), 0), "series of " + e.getKey());
        compared++;
      }
    }
    assertTrue(compared > 20, "families compared: " + compared);

    // every value that did not move between the two reads
    Map<String, String> a = before.values();
    Map<String, String> b = after.values();
    Map<String, Double> scraped = new HashMap<>();
    for (Metric m : v1.metrics()) {
      TreeMap<String, String> tags = new TreeMap<>(m.tags());
      tags.remove("url");
      String t = before.types().getOrDefault(m.name(), "untyped");
      for (int i = 0; i < m.fieldCount(); i++) {
        String f = m.fieldKey(i);
        double v = (Double) m.fieldValue(i);
        switch (t) {
          case "summary", "histogram" -> {
            String suffix = t.equals("summary") ? "" : "_bucket";
            String label = t.equals("summary") ? "quantile" : "le";
            if (f.equals("count") || f.equals("sum")) {
              scraped.put(m.name() + "_" + f + tags, v);
            } else {
              TreeMap<String, String> l = new TreeMap<>(tags);
              l.put(label, f);
              scraped.put(m.name() + suffix + "#" + l, v);
            }
          }
          default -> scraped.put(m.name() + tags, v);
        }
      }
    }
    int values = 0;
    List<String> moved = new ArrayList<>();
    for (Sample s : before.samples()) {
      String key = s.name() + s.labels();
      if (!s.value().equals(b.get(key)) || s.value().equals("NaN")) {
        continue;
      }
      String fam = familyOf(before, s);
      String t = before.types().getOrDefault(fam, "untyped");
      Double v;
      if ((t.equals("summary") && s.name().equals(fam))
          || s.labels().containsKey("le") && t.equals("histogram")) {
        String label = t.equals("summary") ? "quantile" : "le";
        TreeMap<String, String> l = new TreeMap<>(s.labels());
        l.put(label, GoFloat.formatG(num(s.labels().get(label))));
        v = scraped.get(s.name() + "#" + l);
      } else {
        v = scraped.get(key);
      }
      if (v == null && extra.isEmpty() && "+Inf".equals(s.labels().get("le"))) {
        // protobuf expositions carry no +Inf bucket (the text writer adds it from the count);
        // Telegraf's v1 then has no "+Inf" field either
        continue;
      }
      assertTrue(v != null, "missing " + key);
      double expect = num(s.value());
      if (s.name().endsWith("_count")) {
        expect = Math.floor(expect);
      }
      if (expect != v) {
        moved.add(key + ": read " + expect + ", scraped " + v);
      }
      values++;
    }
    assertTrue(values > 50, "values compared: " + values + " of " + a.size());
    // a gauge can move and come back between the reads: tolerate a few, never many
    assertTrue(moved.size() * 50 <= values, "values differ: " + moved);

    // v2: one metric per simple sample, field named after the family
    List<String> movedV2 = new ArrayList<>();
    int comparedV2 = 0;
    for (Sample s : before.samples()) {
      String t = before.types().getOrDefault(s.name(), "untyped");
      if (!(t.equals("counter") || t.equals("gauge") || t.equals("untyped"))
          || !s.value().equals(b.get(s.name() + s.labels()))
          || s.value().equals("NaN")) {
        continue;
      }
      boolean found = false;
      for (Metric m : v2.metrics()) {
        TreeMap<String, String> tags = new TreeMap<>(m.tags());
        tags.remove("url");
        if (m.field(s.name()) != null && tags.equals(s.labels())) {
          if (!m.field(s.name()).equals(num(s.value()))) {
            movedV2.add(s.toString());
          }
          found = true;
          break;
        }
      }
      assertTrue(found, "v2 lacks " + s);
      comparedV2++;
    }
    assertTrue(movedV2.size() * 50 <= comparedV2, "v2 values differ: " + movedV2);
    assertFalse(v2.metrics().isEmpty());
    assertTrue(v2.metrics().stream().allMatch(m -> m.name().equals("prometheus")));
  }

  @Test
  void nodeExporterMatchesAnIndependentReading() throws Exception {
    String url = url("AGENT_IT_NODE_EXPORTER_URL");
    check(url);
    Reading r = read(url);
    Set<Map<String, String>> cpuWant = new HashSet<>();
    for (Sample s : r.samples()) {
      if (s.name().equals("node_cpu_seconds_total")) {
        cpuWant.add(s.labels());
      }
    }
    assertFalse(cpuWant.isEmpty());
    TestAccumulator acc = scrape(url, 1);
    Set<Map<String, String>> cpuGot = new HashSet<>();
    for (Metric m : acc.named("node_cpu_seconds_total")) {
      TreeMap<String, String> t = new TreeMap<>(m.tags());
      t.remove("url");
      cpuGot.add(t);
      assertTrue(m.field("counter") instanceof Double);
    }
    assertEquals(cpuWant, cpuGot);
  }

  @Test
  void prometheusServerMatchesAnIndependentReading() throws Exception {
    String url = url("AGENT_IT_PROMETHEUS_URL");
    check(url);
    Reading r = read(url);
    Sample build =
        r.samples().stream()
            .filter(s -> s.name().equals("prometheus_build_info"))
            .findFirst()
            .orElseThrow();
    TestAccumulator acc = scrape(url, 1);
    Metric m = acc.named("prometheus_build_info").get(0);
    assertEquals(build.labels().get("version"), m.tag("version"));
    assertEquals(1.0, m.field("gauge"));
    // Prometheus exposes histograms and summaries: they arrive grouped, one metric per series
    assertTrue(
        acc.metrics().stream().anyMatch(x -> x.type() == io.jagent.spi.MetricType.HISTOGRAM));
    assertTrue(acc.metrics().stream().anyMatch(x -> x.type() == io.jagent.spi.MetricType.SUMMARY));
  }
}
