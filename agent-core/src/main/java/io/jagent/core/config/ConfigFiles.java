package io.jagent.core.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which config files a run loads (reference agent.md §2). Free of logging (warnings go to a {@link
 * Warnings} sink), so that the start-up's early bind ({@code io.jagent.core.cli.EarlyBind}) can
 * find the files before logging is set up; {@link ConfigLoader#resolveSources} is this with its
 * logger.
 */
public final class ConfigFiles {
  private static final Pattern URL = Pattern.compile("^\\w+://.*", Pattern.DOTALL);

  /** Where a sub-directory that cannot be listed is reported. */
  @FunctionalInterface
  public interface Warnings {
    void cannotRead(Path dir, String why);

    /** Drops the warnings. */
    Warnings NONE = (dir, why) -> {};
  }

  private ConfigFiles() {}

  /**
   * The config files to load, in order (reference agent.md §2): every {@code --config} value (a
   * value with commas is split), then the {@code *.conf} files of every {@code --config-directory}
   * (recursive, lexical order, directories starting with {@code ..} skipped). When these yield no
   * file: {@code $TELEGRAF_CONFIG_PATH}, else {@code ~/.telegraf/telegraf.conf}, else {@code
   * ETC/telegraf.conf} plus the {@code *.conf} under {@code ETC/telegraf.d}. Empty when nothing is
   * found (the caller then runs its embedded default). Existence of {@code --config} files is
   * checked when they are read ({@link Source#read}).
   *
   * @throws ConfigException for a URL (remote configs are not supported yet) or a config directory
   *     that cannot be read
   */
  public static List<Path> resolve(
      List<String> configFiles,
      List<String> configDirs,
      Map<String, String> env,
      Path userHome,
      Path etcDir,
      Warnings warn)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (String f : split(configFiles)) {
      if (URL.matcher(f).matches()) {
        problems.add(remote(f));
      } else {
        files.add(Path.of(f));
      }
    }
    for (String d : split(configDirs)) {
      if (URL.matcher(d).matches()) {
        problems.add(remote(d));
        continue;
      }
      Path dir = Path.of(d);
      if (!Files.isDirectory(dir)) {
        problems.add(
            new ConfigProblem(
                d, 0, null, null, "config directory does not exist or is not a directory"));
        continue;
      }
      try {
        files.addAll(walkDirectory(dir, warn));
      } catch (IOException e) {
        problems.add(
            new ConfigProblem(
                d, 0, null, null, "cannot read the config directory: " + e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    if (!files.isEmpty()) {
      return List.copyOf(files);
    }
    String envPath = env.getOrDefault("TELEGRAF_CONFIG_PATH", "");
    if (!envPath.isEmpty()) {
      if (URL.matcher(envPath).matches()) {
        throw new ConfigException(List.of(remote(envPath)));
      }
      if (Files.exists(Path.of(envPath))) {
        return List.of(Path.of(envPath));
      }
    }
    if (userHome != null) {
      Path home = userHome.resolve(".telegraf").resolve("telegraf.conf");
      if (Files.exists(home)) {
        return List.of(home);
      }
    }
    List<Path> etc = new ArrayList<>();
    Path etcFile = etcDir.resolve("telegraf.conf");
    if (Files.exists(etcFile)) {
      etc.add(etcFile);
    }
    Path etcD = etcDir.resolve("telegraf.d");
    if (Files.isDirectory(etcD)) {
      try {
        etc.addAll(walkDirectory(etcD, warn));
      } catch (IOException e) {
        warn.cannotRead(etcD, e.getMessage());
      }
    }
    return List.copyOf(etc);
  }

  private static List<String> split(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        String p = part.trim();
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static ConfigProblem remote(String url) {
    String shown = url.replaceFirst("^(\\w+://)[^/@]*@", "$1***@"); // never show userinfo
    return new ConfigProblem(
        shown,
        0,
        null,
        null,
        "remote configs (URLs) are not supported yet; download the file and pass it with"
            + " --config");
  }

  /**
   * Every file under {@code dir} whose name ends in {@code .conf} (and is longer than that),
   * recursively, in lexical order per directory as Go's {@code filepath.Walk}; sub-directories
   * whose name starts with {@code ..} (Kubernetes ConfigMap mounts) are skipped, symbolic links to
   * directories are not followed. Unreadable sub-directories are skipped with a warning.
   *
   * @throws IOException when {@code dir} itself cannot be listed
   */
  public static List<Path> walkDirectory(Path dir, Warnings warn) throws IOException {
    List<Path> out = new ArrayList<>();
    walk(dir, out, true, warn);
    return out;
  }

  private static void walk(Path dir, List<Path> out, boolean root, Warnings warn)
      throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        entries.add(p);
      }
    } catch (IOException e) {
      if (root) {
        throw e;
      }
      warn.cannotRead(dir, e.getMessage());
      return;
    }
    entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        if (!name.startsWith("..")) {
          walk(p, out, false, warn);
        }
      } else if (name.length() > 5 && name.endsWith(".conf")) {
        out.add(p);
      }
    }
  }
}
