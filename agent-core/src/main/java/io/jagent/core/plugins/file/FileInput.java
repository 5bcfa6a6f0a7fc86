package io.jagent.core.plugins.file;

import io.jagent.spi.Accumulator;
import io.jagent.spi.Input;
import io.jagent.spi.Metric;
import io.jagent.spi.lineprotocol.LineProtocolParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code inputs.file}: every gather reads each file matching {@code files} and parses it as line
 * protocol, streaming; a bad line is reported (file and line number) and the rest kept.
 */
final class FileInput implements Input {
  private final FileInputConfig config;
  private final LineProtocolParser parser;

  FileInput(FileInputConfig config) {
    this.config = config;
    this.parser = new LineProtocolParser(config.timestampPrecision());
  }

  @Override
  public void gather(Accumulator acc) {
    List<Path> files = new ArrayList<>();
    for (String pattern : config.files()) {
      try {
        files.addAll(Globs.expand(pattern));
      } catch (IOException e) {
        acc.addError(new IOException("could not expand \"" + pattern + "\": " + e.getMessage(), e));
      }
    }
    if (files.isEmpty()) {
      acc.addError(new IOException("could not find file(s): " + config.files()));
      return;
    }
    for (Path f : files) {
      read(f, acc);
    }
  }

  private void read(Path file, Accumulator acc) {
    String name = file.toString();
    String base = file.getFileName() == null ? name : file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file);
        BufferedReader r = new BufferedReader(reader(in, config.characterEncoding()), 64 * 1024)) {
      parser.parse(
          r,
          m -> acc.add(config.fileTag().isEmpty() ? m : withTag(m, config.fileTag(), base)),
          e ->
              acc.addError(
                  new IOException("could not parse \"" + name + "\": " + e.getMessage(), e)));
    } catch (IOException e) {
      acc.addError(new IOException("could not read \"" + name + "\": " + e.getMessage(), e));
    }
  }

  private static Metric withTag(Metric m, String key, String value) {
    return m.toBuilder().tag(key, value).build();
  }

  /** A decoder that skips a byte order mark and replaces malformed input. */
  private static InputStreamReader reader(InputStream raw, Charset cs) throws IOException {
    PushbackInputStream in = new PushbackInputStream(raw, 3);
    byte[] bom = new byte[3];
    int n = in.readNBytes(bom, 0, cs == StandardCharsets.UTF_8 ? 3 : 2);
    int skip = 0;
    if (cs == StandardCharsets.UTF_8
        && n == 3
        && (bom[0] & 0xff) == 0xef
        && (bom[1] & 0xff) == 0xbb
        && (bom[2] & 0xff) == 0xbf) {
      skip = 3;
    } else if (cs == StandardCharsets.UTF_16LE
        && n == 2
        && (bom[0] & 0xff) == 0xff
        && (bom[1] & 0xff) == 0xfe) {
      skip = 2;
    } else if (cs == StandardCharsets.UTF_16BE
        && n == 2
        && (bom[0] & 0xff) == 0xfe
        && (bom[1] & 0xff) == 0xff) {
      skip = 2;
    }
    if (n > skip) {
      in.unread(bom, skip, n - skip);
    }
    return new InputStreamReader(
        in,
        cs.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }

  /**
   * Telegraf-style globs: {@code *}, {@code ?}, {@code [..]} within a path element, {@code **}
   * across.
   */
  static final class Globs {
    private Globs() {}

    static List<Path> expand(String pattern) throws IOException {
      if (!hasMeta(pattern)) {
        Path p = Path.of(pattern);
        return Files.isRegularFile(p) ? List.of(p) : List.of();
      }
      // the longest leading directory without glob characters is where the walk starts
      String[] parts = pattern.split("/", -1);
      StringBuilder root = new StringBuilder();
      int i = 0;
      for (; i < parts.length - 1 && !hasMeta(parts[i]); i++) {
        root.append(parts[i]).append('/');
      }
      Path start = Path.of(root.length() == 0 ? "." : root.toString());
      if (!Files.isDirectory(start)) {
        return List.of();
      }
      boolean deep = pattern.contains("**");
      int depth = deep ? Integer.MAX_VALUE : parts.length - i;
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      // "**" also matches no directory at all ("dir/**/x" matches "dir/x"), as in Telegraf
      PathMatcher flat =
          FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("/**/", "/"));
      TreeSet<Path> out = new TreeSet<>();
      try (Stream<Path> s = Files.walk(start, depth)) {
        s.filter(Files::isRegularFile)
            .forEach(
                p -> {
                  Path rel = root.length() == 0 ? start.relativize(p) : p;
                  if (matcher.matches(rel) || flat.matches(rel)) {
                    out.add(p);
                  }
                });
      }
      return new ArrayList<>(out);
    }

    private static boolean hasMeta(String s) {
      return s.indexOf('*') >= 0
          || s.indexOf('?') >= 0
          || s.indexOf('[') >= 0
          || s.indexOf('{') >= 0;
    }
  }
}
