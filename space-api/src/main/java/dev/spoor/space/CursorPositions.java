package dev.spoor.space;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where cursors keep their acknowledged positions: the {@code t} of the last transaction a
 * cursor's agent acknowledged, per agent and cursor name, 0 when it never acknowledged.
 *
 * <p>A directory space keeps each position in its own small file,
 * {@code DIR/cursors/AGENT/CURSOR.ack} (names percent-encoded), holding {@code acked-t=N}.
 * A new position is written to a temporary file and moved over the old one atomically, so a
 * crash leaves either the old position or the new one, never a torn file. This was chosen over
 * Chronicle Queue's named tailers because a position must be the acknowledged one, not where
 * the reader got to; because it works alike for the in-memory log and any log that replaces
 * Chronicle; and because the file is readable with {@code cat}.
 */
interface CursorPositions {

  long load(String agent, String cursor);

  void save(String agent, String cursor, long ackedT);

  /** Positions that live as long as the space object: for in-memory spaces. */
  static CursorPositions inMemory() {
    Map<String, Long> positions = new ConcurrentHashMap<>();
    return new CursorPositions() {
      @Override
      public long load(String agent, String cursor) {
        return positions.getOrDefault(key(agent, cursor), 0L);
      }

      @Override
      public void save(String agent, String cursor, long ackedT) {
        positions.put(key(agent, cursor), ackedT);
      }

      private String key(String agent, String cursor) {
        return encode(agent) + "/" + encode(cursor);
      }
    };
  }

  /** Positions in files under {@code dir}; {@code sync} forces each one to the device. */
  static CursorPositions inDirectory(Path dir, boolean sync) {
    return new CursorPositions() {
      private static final String PREFIX = "acked-t=";

      private Path file(String agent, String cursor) {
        return dir.resolve(encode(agent)).resolve(encode(cursor) + ".ack");
      }

      @Override
      public long load(String agent, String cursor) {
        Path f = file(agent, cursor);
        String text;
        try {
          text = Files.readString(f, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
          return 0;
        } catch (IOException e) {
          throw new SpaceException("cursor-unreadable", "cannot read cursor position " + f + ": " + e.getMessage(), e);
        }
        try {
          if (!text.startsWith(PREFIX)) {
            throw new NumberFormatException();
          }
          return Long.parseLong(text.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
          throw new SpaceException("cursor-unreadable", "cursor position file " + f + " holds \"" + text
              + "\"; expected acked-t=N");
        }
      }

      @Override
      public void save(String agent, String cursor, long ackedT) {
        Path f = file(agent, cursor);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
          Files.createDirectories(f.getParent());
          try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((PREFIX + ackedT + "\n").getBytes(StandardCharsets.UTF_8)));
            if (sync) {
              ch.force(true);
            }
          }
          try {
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new SpaceException("cursor-unwritable", "cannot write cursor position " + f + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** A name as a portable file name: letters, digits, '-' and '_' kept, everything else %XX of its UTF-8. */
  static String encode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
