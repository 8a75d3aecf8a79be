package dev.spoor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for the cross-process measurements: the same java, classpath (the benchmarks jar,
 * or the test classpath) and Chronicle flags as this one, running a measurement's child side.
 * Its output goes to a file, shown when it fails.
 */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private ChildProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code main} with {@code args}. */
  static ChildProcess start(Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(BenchSpaces.CHRONICLE_FLAGS);
    cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    try {
      Path output = Files.createTempFile("spoor-bench-child-", ".log");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      return new ChildProcess(p, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the child to exit; throws with its output unless it exited with 0. */
  void awaitSuccess(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("child " + process.pid() + " did not finish in " + seconds + " s:\n" + output());
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("child " + process.pid() + " exited with " + process.exitValue() + ":\n" + output());
    }
  }

  String output() {
    try {
      String s = Files.readString(output, StandardCharsets.UTF_8);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Kills the child if it still runs and removes its output file. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
