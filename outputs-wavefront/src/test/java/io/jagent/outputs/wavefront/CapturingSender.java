package io.jagent.outputs.wavefront;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sender} that keeps what it is given; every chunk is checked by Wavefront's parser. */
final class CapturingSender implements Sender {
  final List<String> chunks = new ArrayList<>();
  final List<Integer> lineCounts = new ArrayList<>();

  @Override
  public void connect() {}

  @Override
  public void send(byte[] data, int len, int lines) {
    String text = new String(data, 0, len, StandardCharsets.UTF_8);
    if (WavefrontParserCheck.checkAll(text).size() != lines) {
      throw new AssertionError("line count " + lines + " for " + text);
    }
    chunks.add(text);
    lineCounts.add(lines);
  }

  /** All lines sent so far, in order. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (String c : chunks) {
      out.addAll(List.of(c.split("\n")));
    }
    return out;
  }

  @Override
  public void close() {}
}
