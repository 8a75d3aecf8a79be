package dev.spoor.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar with an ETA on stderr, drawn only when stderr is a terminal, so
 * piped and scripted runs stay quiet and machine-readable.
 */
final class Progress {
  private final PrintWriter err;
  private final String label;
  private final long total;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastDraw;

  private Progress(PrintWriter err, String label, long total, boolean enabled) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.enabled = enabled;
  }

  /** A progress bar when stderr is a terminal, otherwise one that draws nothing. */
  static Progress onTerminal(PrintWriter err, String label, long total) {
    return new Progress(err, label, total, stderrIsTerminal());
  }

  /**
   * Whether file descriptor 2 is a terminal. On Linux {@code /proc/self/fd/2} names it, which
   * also answers when stdout is redirected ({@code spoor export > file}); elsewhere, whether the
   * process has a console.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  /** Reports {@code done} units of {@code total} (bytes, say) and {@code items} processed. */
  void update(long done, long items) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    double seconds = (now - start) / 1e9;
    StringBuilder line = new StringBuilder("\r").append(label).append(' ');
    if (total > 0) {
      double fraction = Math.min(1.0, (double) done / total);
      int width = 30;
      int filled = (int) (fraction * width);
      line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
          .append(String.format("%3d%%", (int) (fraction * 100)));
      if (fraction > 0) {
        line.append(String.format(" ETA %ds", (long) (seconds / fraction - seconds)));
      }
    }
    line.append(String.format(" %,d transactions", items));
    err.print(line);
    err.flush();
  }

  void done() {
    if (enabled && lastDraw != 0) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
