package dev.spoor.datalog;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.UnbufferedCharStream;

/**
 * An {@link UnbufferedCharStream} over a {@link Reader} that keeps the last
 * {@value #RING} code points it handed out, so an error can still show the source line it
 * is on. It reads the {@code Reader} in blocks (ANTLR's own stream reads one {@code char}
 * at a time through the synchronized {@code Reader.read()}), and skips a byte order mark at
 * the start. An unpaired surrogate is a code point of its own, as in
 * {@code CharStreams.fromString} (ANTLR's own stream rejects it), so a string holding one reads
 * the same from a {@code String} and from a {@code Reader}.
 */
final class StreamCharStream extends UnbufferedCharStream {
  static final int RING = 1 << 16;

  private final Reader in;
  private final char[] block = new char[1 << 14];
  private int blockPos;
  private int blockLen;
  private boolean endOfInput;
  private boolean started;

  private final int[] ring = new int[RING];
  private int count;

  final SourceText source = new SourceText() {
    @Override
    int firstAvailable() {
      return Math.max(0, count - RING);
    }

    @Override
    int codePointAt(int offset) {
      // Reading ahead is safe: excerpts are only made for errors, which end the reading.
      while (offset >= count) {
        if (next() < 0) {
          return -1;
        }
      }
      return ring[offset & (RING - 1)];
    }
  };

  StreamCharStream(Reader in) {
    super(256); // the constructors that take a Reader read ahead before our fields are set
    this.in = in;
    this.name = "<stream>";
  }

  /** ANTLR's version, without its check for unpaired surrogates: {@link #next()} pairs them. */
  @Override
  protected int fill(int want) {
    for (int i = 0; i < want; i++) {
      if (n > 0 && data[n - 1] == IntStream.EOF) {
        return i;
      }
      add(next());
    }
    return want;
  }

  @Override
  protected int nextChar() {
    return next();
  }

  private int next() {
    int c = unit();
    if (!started) {
      started = true;
      if (c == 0xFEFF) { // a byte order mark is not part of the text
        c = unit();
      }
    }
    if (c < 0) {
      return IntStream.EOF;
    }
    if (Character.isHighSurrogate((char) c)) {
      int low = unit();
      if (low >= 0 && Character.isLowSurrogate((char) low)) {
        c = Character.toCodePoint((char) c, (char) low);
      } else if (low >= 0) {
        blockPos--; // not a pair: the high surrogate stands alone, as in CharStreams.fromString
      }
    }
    ring[count & (RING - 1)] = c;
    count++;
    return c;
  }

  private int unit() {
    if (blockPos == blockLen) {
      if (endOfInput) {
        return -1;
      }
      try {
        int n;
        do {
          n = in.read(block, 0, block.length);
        } while (n == 0);
        if (n < 0) {
          endOfInput = true;
          return -1;
        }
        blockPos = 0;
        blockLen = n;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return block[blockPos++];
  }
}
