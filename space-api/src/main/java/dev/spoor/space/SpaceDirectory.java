package dev.spoor.space;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The layout of a space directory:
 *
 * <pre>
 * DIR/spoor.properties   format=1 (written atomically before anything else)
 * DIR/log/               the Chronicle Queue
 * DIR/log/append.lock    held (OS file lock) by the process appending a transaction
 * DIR/cursors/           acknowledged cursor positions
 * </pre>
 *
 * A directory that exists, is not empty and has no {@code spoor.properties} is not a space, and
 * Spoor refuses to write into it.
 */
final class SpaceDirectory {
  static final int FORMAT = 1;
  static final String MARKER = "spoor.properties";

  private SpaceDirectory() {}

  static Path logDir(Path dir) {
    return dir.resolve("log");
  }

  /** Where cursors keep their acknowledged positions; see {@link CursorPositions}. */
  static Path cursorDir(Path dir) {
    return dir.resolve("cursors");
  }

  static boolean hasLogFiles(Path dir) {
    Path log = logDir(dir);
    if (!Files.isDirectory(log)) {
      return false;
    }
    try (Stream<Path> files = Files.list(log)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
    } catch (IOException e) {
      throw new SpaceException("unreadable", "cannot list " + log + ": " + e.getMessage(), e);
    }
  }

  /** Checks that {@code dir} is a space of a format this Spoor reads. */
  static void checkExisting(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SpaceException("missing", "no space at " + dir + ": the directory does not exist");
    }
    Path marker = dir.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      throw new SpaceException("not-a-space", dir + " is not a Spoor space (it has no " + MARKER
          + "); give an empty or new directory to create one");
    }
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new SpaceException("unreadable", "cannot read " + marker + ": " + e.getMessage(), e);
    }
    String format = p.getProperty("format", "");
    int version;
    try {
      version = Integer.parseInt(format.trim());
    } catch (NumberFormatException e) {
      throw new SpaceException("not-a-space", marker + " has no valid format version (format=" + format + ")");
    }
    if (version > FORMAT) {
      throw new SpaceException("newer-format", dir + " has space format " + version
          + "; this Spoor reads format " + FORMAT + " (upgrade Spoor to open it)");
    }
    if (version < 1) {
      throw new SpaceException("not-a-space", marker + " has an invalid format version " + version);
    }
  }

  /** Creates the space if {@code dir} is missing or empty, checks it, and registers this process as a writer of it. */
  static Lock openForWriting(Path dir) {
    try {
      if (!Files.exists(dir) || isEmpty(dir)) {
        create(dir);
      }
    } catch (IOException e) {
      throw new SpaceException("create-failed", "cannot create a space at " + dir + ": " + e.getMessage(), e);
    }
    checkExisting(dir);
    return Lock.take(dir);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new SpaceException("not-a-space", dir + " is a file, not a directory");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    }
  }

  private static void create(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(MARKER + ".tmp");
    Files.writeString(tmp, "# A Spoor space. Do not edit.\nformat=" + FORMAT + "\n", StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * This process's claim on a directory: one {@link Space} object per directory and process
   * may write (each would otherwise keep its own indexes and wait on its own append lock).
   * Other processes may open the directory too; the log's append lock orders their writes.
   */
  static final class Lock implements AutoCloseable {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    private final Path key;
    private boolean released;

    private Lock(Path key) {
      this.key = key;
    }

    static Lock take(Path dir) {
      Path key;
      try {
        key = dir.toRealPath();
      } catch (IOException e) {
        throw new SpaceException("unreadable", "cannot resolve " + dir + ": " + e.getMessage(), e);
      }
      if (!OPEN.add(key)) {
        throw new SpaceException("locked", dir + " is already open for writing in this process; share that"
            + " Space object");
      }
      return new Lock(key);
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        OPEN.remove(key);
      }
    }
  }
}
