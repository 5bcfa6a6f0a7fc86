package io.jagent.distribution;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs the agent as a user would (a launcher script), capturing stdout and stderr to files. */
public final class AgentProcess implements AutoCloseable {
  public static final Path REPO = findRepo();

  public final Process process;
  public final Path stdout;
  public final Path stderr;

  private AgentProcess(Process p, Path out, Path err) {
    this.process = p;
    this.stdout = out;
    this.stderr = err;
  }

  public static Path findRepo() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/agent"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find bin/agent above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** Starts {@code launcher args...} in {@code workDir} with the given extra environment. */
  public static AgentProcess start(
      Path launcher, Path workDir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().remove("TELEGRAF_CONFIG_PATH");
    pb.environment().put("HOME", workDir.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new AgentProcess(pb.start(), out, err);
  }

  public static AgentProcess start(Path workDir, Map<String, String> env, String... args)
      throws IOException {
    return start(REPO.resolve("bin/agent"), workDir, env, args);
  }

  public String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  public String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Waits for exit (bounded); returns the exit code or throws on time-out. */
  public int waitFor(Duration limit) throws Exception {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "agent did not exit within "
              + limit
              + "\nstderr:\n"
              + stderr()
              + "\nstdout:\n"
              + stdout());
    }
    return process.exitValue();
  }

  /** Polls the captured stderr (log) until it matches, bounded. */
  public boolean awaitLog(Predicate<String> p, Duration limit) throws Exception {
    return await(() -> p.test(stderr()), limit);
  }

  public static boolean await(CheckedBool c, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      if (c.get()) {
        return true;
      }
      Thread.sleep(50);
    }
    return c.get();
  }

  public interface CheckedBool {
    boolean get() throws Exception;
  }

  public void signal(String sig) throws Exception {
    Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start();
    if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
      throw new AssertionError("kill -" + sig + " failed");
    }
  }

  public static void sendUdp(int port, String payload) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      byte[] b = payload.getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }
  }

  public static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public static int freeTcpPort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
