package io.jagent.core.runtime;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Clock;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** An output with a script of outcomes ("ok", "fail", "reject"; default ok) and write times. */
final class RecordingOutput implements Output {
  final List<List<Metric>> written = new ArrayList<>();
  final List<Integer> attemptSizes = new ArrayList<>();
  final List<Long> writeTimes = new ArrayList<>();
  private final ArrayDeque<String> script = new ArrayDeque<>();
  private final Clock clock;

  RecordingOutput(Clock clock, String... outcomes) {
    this.clock = clock;
    script.addAll(List.of(outcomes));
  }

  synchronized void then(String... outcomes) {
    script.addAll(List.of(outcomes));
  }

  @Override
  public void connect() {}

  @Override
  public synchronized void write(List<Metric> batch) throws IOException {
    attemptSizes.add(batch.size());
    writeTimes.add(clock.epochNanos());
    String o = script.isEmpty() ? "ok" : script.poll();
    switch (o) {
      case "fail" -> throw new IOException("server down");
      case "reject" -> throw new BatchRejectedException("bad data");
      default -> written.add(List.copyOf(batch));
    }
  }

  synchronized List<Long> values() {
    List<Long> l = new ArrayList<>();
    for (List<Metric> b : written) {
      for (Metric m : b) {
        l.add((Long) m.field("i"));
      }
    }
    return l;
  }
}
