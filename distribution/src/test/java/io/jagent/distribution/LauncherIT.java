package io.jagent.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as a user runs it: {@code bin/agent} from the source checkout. */
class LauncherIT {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  /**
   * {@code bin/agent --test --test-wait 3} with {@code hostname = "h1"}, a statsd input on {@code
   * port} (plus {@code statsdOption}) and {@code outputs.file} to stdout, once the input has
   * started.
   */
  private AgentProcess statsdTestWait(int port, String statsdOption) throws Exception {
    Path conf =
        write(
            "statsd.conf",
            """
            [agent]
              hostname = "h1"
            [[inputs.statsd]]
              service_address = "127.0.0.1:%d"
              %s
            [[outputs.file]]
              files = ["stdout"]
            """
                .formatted(port, statsdOption));
    AgentProcess a =
        AgentProcess.start(
            dir, Map.of(), "--config", conf.toString(), "--test", "--test-wait", "3");
    if (!a.awaitLog(s -> s.contains("Started the statsd service"), Duration.ofSeconds(60))) {
      String err = a.stderr();
      a.close();
      throw new AssertionError("no statsd start line:\n" + err);
    }
    return a;
  }

  @Test
  void versionPrintsAndExitsZero() throws Exception {
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--version")) {
      assertEquals(0, a.waitFor(Duration.ofSeconds(120)), a.stderr());
      assertTrue(a.stdout().matches("jagent \\S+ \\(Telegraf-compatible agent\\)\\n"), a.stdout());
    }
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "version")) {
      assertEquals(0, a.waitFor(Duration.ofSeconds(60)));
      assertTrue(a.stdout().startsWith("jagent "));
    }
  }

  @Test
  void testWaitPrintsStatsdAggregatesOfPacketsSentDuringTheWait() throws Exception {
    int port = AgentProcess.freeUdpPort();
    try (AgentProcess a = statsdTestWait(port, "")) {
      for (int i = 0; i < 5; i++) {
        AgentProcess.sendUdp(port, "deploys:1|c\nlatency:20|ms\nlatency:40|ms");
      }
      assertEquals(0, a.waitFor(Duration.ofSeconds(30)), a.stderr());
      String out = a.stdout();
      assertTrue(
          Pattern.compile("(?m)^> deploys,host=h1,metric_type=counter value=5i \\d+$")
              .matcher(out)
              .find(),
          out);
      assertTrue(
          Pattern.compile("(?m)^> latency,host=h1,metric_type=timing .*count=10i.*mean=30")
              .matcher(out)
              .find(),
          out);
      // stderr is the agent's log in Telegraf's format and nothing else (no SLF4J or logback
      // notices: the process binds logback through AgentSlf4jProvider)
      String err = a.stderr();
      for (String line : err.split("\n")) {
        assertTrue(
            line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ [EWID]! \\[.*"),
            "not a log line: " + line + "\n" + err);
      }
      assertTrue(err.contains("I! [inputs.statsd] Started the statsd service"), err);
    }
  }

  /**
   * The statsd reference's worked example (§11) line for line, as a user sees it: one datagram,
   * {@code hostname = "h1"}, {@code percentiles = [90]}; every line carries the gather's time
   * rounded to the second (fields sorted here: their order in the output is free).
   */
  @Test
  void statsdWorkedExampleOfTheReferenceLineForLine() throws Exception {
    int port = AgentProcess.freeUdpPort();
    try (AgentProcess a = statsdTestWait(port, "percentiles = [90]")) {
      AgentProcess.sendUdp(
          port,
          String.join(
              "\n",
              "api.requests:1|c",
              "api.requests:2|c|@0.5",
              "api.latency:12|ms",
              "api.latency:30|ms",
              "queue.depth:7|g",
              "queue.depth:-2|g",
              "users.online,region=eu:alice|s",
              "users.online,region=eu:bob|s",
              "users.online,region=eu:alice|s"));
      assertEquals(0, a.waitFor(Duration.ofSeconds(30)), a.stderr());
      java.util.List<String> got = new java.util.ArrayList<>();
      java.util.Set<String> times = new java.util.TreeSet<>();
      for (String line : a.stdout().split("\n")) {
        if (!line.startsWith("> ")) {
          continue;
        }
        String[] parts = line.substring(2).split(" ");
        assertEquals(3, parts.length, line);
        String[] fields = parts[1].split(",");
        java.util.Arrays.sort(fields);
        got.add(parts[0] + " " + String.join(",", fields));
        times.add(parts[2]);
      }
      java.util.Collections.sort(got);
      assertEquals(
          java.util.List.of(
              "api_latency,host=h1,metric_type=timing 90_percentile=30,count=2i,lower=12,mean=21,"
                  + "median=21,stddev=9,sum=42,upper=30",
              "api_requests,host=h1,metric_type=counter value=5i",
              "queue_depth,host=h1,metric_type=gauge value=5",
              "users_online,host=h1,metric_type=set,region=eu value=2i"),
          got,
          a.stdout());
      assertEquals(1, times.size(), "one timestamp for the gather: " + times);
      long t = Long.parseLong(times.iterator().next());
      assertEquals(0, t % 1_000_000_000L, "rounded to the second: " + t);
      long now = System.currentTimeMillis() * 1_000_000L;
      assertTrue(Math.abs(now - t) < 120_000_000_000L, "the gather's time, not another: " + t);
    }
  }

  @Test
  void brokenConfigIsRefusedWithFileLineKeyAndSuggestion() throws Exception {
    Path conf =
        write(
            "broken.conf",
            """
            [[inputs.statsd]]
              service_address = ":0"
              percentile = [90]

            [[outputs.fiel]]
            """);
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString())) {
      assertEquals(1, a.waitFor(Duration.ofSeconds(60)));
      String err = a.stderr();
      assertTrue(err.contains(conf + ":3"), err);
      assertTrue(err.contains("\"percentile\""), err);
      assertTrue(err.contains("did you mean \"percentiles\""), err);
      assertTrue(err.contains(conf + ":5"), err);
      assertTrue(err.contains("fiel"), err);
      assertTrue(err.contains("\"file\""), err);
      assertFalse(err.contains("\tat "), "stack trace in:\n" + err);
      assertFalse(err.contains("Exception"), err);
    }
  }

  @Test
  void unsetVariableIsNamedInTheError() throws Exception {
    Path conf =
        write(
            "env.conf",
            """
            [agent]
              interval = "$JAGENT_IT_UNSET_INTERVAL"
            [[inputs.internal]]
            [[outputs.file]]
            """);
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString())) {
      assertEquals(1, a.waitFor(Duration.ofSeconds(60)));
      assertTrue(a.stderr().contains("JAGENT_IT_UNSET_INTERVAL"), a.stderr());
    }
  }

  @Test
  void sigtermUnderTrafficWritesTheLastInterval() throws Exception {
    int port = AgentProcess.freeUdpPort();
    Path out = dir.resolve("out.lp");
    Path conf =
        write(
            "term.conf",
            """
            [agent]
              interval = "1h"
              flush_interval = "1h"
              omit_hostname = true
            [[inputs.statsd]]
              service_address = "127.0.0.1:%d"
            [[outputs.file]]
              files = ["%s"]
            """
                .formatted(port, out));
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString())) {
      assertTrue(
          a.awaitLog(s -> s.contains("127.0.0.1:" + port), Duration.ofSeconds(60)), a.stderr());
      for (int i = 0; i < 100; i++) {
        AgentProcess.sendUdp(port, "shutdown.test:1|c");
      }
      Thread.sleep(300); // let the datagrams reach the listener
      a.signal("TERM");
      assertEquals(0, a.waitFor(Duration.ofSeconds(30)), a.stderr());
      String lp = Files.readString(out);
      assertTrue(lp.contains("shutdown_test,metric_type=counter value=100i"), lp + a.stderr());
    }
  }

  @Test
  void sighupReloadsAGoodConfigAndKeepsRunningOnABrokenOne() throws Exception {
    Path out1 = dir.resolve("one.lp");
    Path out2 = dir.resolve("two.lp");
    String tmpl =
        """
        [agent]
          interval = "1s"
          flush_interval = "1s"
          round_interval = false
        [[inputs.internal]]
        [[outputs.file]]
          files = ["%s"]
        """;
    Path conf = write("hup.conf", tmpl.formatted(out1));
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString())) {
      assertTrue(
          AgentProcess.await(
              () -> Files.exists(out1) && Files.size(out1) > 0, Duration.ofSeconds(60)),
          a.stderr());
      Files.writeString(conf, tmpl.formatted(out2));
      a.signal("HUP");
      assertTrue(
          AgentProcess.await(
              () -> Files.exists(out2) && Files.size(out2) > 0, Duration.ofSeconds(30)),
          a.stderr());
      Files.writeString(conf, "[[inputs.internal]]\n  no_such_option = 1\n[[outputs.file]]\n");
      a.signal("HUP");
      assertTrue(a.awaitLog(s -> s.contains("no_such_option"), Duration.ofSeconds(30)), a.stderr());
      long before = Files.size(out2);
      assertTrue(
          AgentProcess.await(() -> Files.size(out2) > before, Duration.ofSeconds(30)),
          "the running config stopped after a broken reload:\n" + a.stderr());
      assertTrue(a.process.isAlive());
      a.signal("TERM");
      assertEquals(0, a.waitFor(Duration.ofSeconds(30)), a.stderr());
    }
  }

  @Test
  void seedConfigDaemonsetIsRefusedNamingEveryUnknownPluginAndLine() throws Exception {
    Path seed = DeployManifestsTest.seedConfig("daemonset-host-influxdb.conf");
    Map<String, String> env =
        Map.of(
            "ENV", "test",
            "HOSTNAME", "node1",
            "MONITOR_HOST", "http://127.0.0.1:1",
            "MONITOR_DATABASE", "db",
            "MONITOR_USERNAME", "u",
            "MONITOR_PASSWORD", "s3cret-pw");
    try (AgentProcess a = AgentProcess.start(dir, env, "--config", seed.toString(), "--test")) {
      assertEquals(1, a.waitFor(Duration.ofSeconds(60)));
      String err = a.stderr();
      String[][] expected = {
        {"cpu", "15"},
        {"disk", "20"},
        {"diskio", "22"},
        {"kernel", "23"},
        {"mem", "24"},
        {"processes", "25"},
        {"swap", "26"},
        {"system", "27"},
        {"docker", "28"},
        {"kubernetes", "30"}
      };
      for (String[] e : expected) {
        assertTrue(
            err.contains(seed + ":" + e[1]) && err.contains(e[0]), e[0] + " missing:\n" + err);
      }
      assertFalse(err.contains("s3cret-pw"), err);
    }
  }
}
