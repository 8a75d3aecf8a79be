package dev.spoor.log.internal;

import dev.spoor.core.Bytes;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.log.LogException;
import dev.spoor.log.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * The binary form of one transaction in one Chronicle excerpt.
 *
 * <pre>
 * entry  := version:u8 t:i64 instantMillis:i64 basisT:i64 agent:utf8 count:i32 datom*
 * datom  := e:i64 a:i64 flags:u8 value        flags = (added ? 0x80 : 0) | typeTag
 * value  := by type: long/ref/instant i64 | double f64 | boolean u8 | string/keyword/symbol utf8
 *         | bigint len:i32 bytes | bigdec scale:i32 len:i32 bytes | uuid i64 i64
 *         | bytes len:i32 bytes | tuple count:i32 (typeTag:u8 value)*
 * </pre>
 *
 * The type tag is the {@link ValueType} ordinal, so the log decodes without the schema.
 */
public final class EntryCodec {
  /** Bump on any change to the layout above; readers refuse versions they do not know. */
  public static final int VERSION = 1;

  private static final ValueType[] TYPES = ValueType.values();

  private EntryCodec() {}

  public static void write(LogEntry entry, BytesOut<?> out) {
    out.writeByte((byte) VERSION);
    out.writeLong(entry.t());
    out.writeLong(entry.instant().toEpochMilli());
    out.writeLong(entry.basisT());
    out.writeUtf8(entry.agent());
    List<Datom> datoms = entry.datoms();
    out.writeInt(datoms.size());
    for (Datom d : datoms) {
      out.writeLong(d.e());
      out.writeLong(d.a());
      ValueType type = typeOf(d.v(), d);
      out.writeByte((byte) ((d.added() ? 0x80 : 0) | type.ordinal()));
      writeValue(type, d.v(), out);
    }
  }

  /** Reads only the {@code t} of an encoded entry, without decoding the rest. */
  public static long peekT(BytesIn<?> in) {
    long pos = in.readPosition();
    checkVersion(in.readByte());
    long t = in.readLong();
    in.readPosition(pos);
    return t;
  }

  public static LogEntry read(BytesIn<?> in) {
    checkVersion(in.readByte());
    long t = in.readLong();
    Instant instant = Instant.ofEpochMilli(in.readLong());
    long basisT = in.readLong();
    String agent = in.readUtf8();
    int count = in.readInt();
    long tx = txEntity(t);
    List<Datom> datoms = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long e = in.readLong();
      long a = in.readLong();
      int flags = in.readUnsignedByte();
      ValueType type = type(flags & 0x7f);
      datoms.add(new Datom(e, a, readValue(type, in), tx, (flags & 0x80) != 0));
    }
    return new LogEntry(t, instant, agent == null ? "" : agent, basisT, datoms);
  }

  /** The entity id of the transaction at {@code t}: partition 3, as in Datomic. */
  public static long txEntity(long t) {
    return (3L << 42) + t;
  }

  private static void checkVersion(int version) {
    if (version != VERSION) {
      throw new LogException("unknown-entry-version",
          "log entry has format version " + version + "; this Spoor reads version " + VERSION
              + " (was the space written by a newer Spoor?)");
    }
  }

  private static ValueType type(int tag) {
    if (tag >= TYPES.length) {
      throw new LogException("corrupt-entry", "log entry holds an unknown value type tag " + tag);
    }
    return TYPES[tag];
  }

  private static ValueType typeOf(Object v, Datom d) {
    return ValueType.ofJavaValue(v).orElseThrow(
        () -> new IllegalArgumentException("datom " + d + " holds a value of no Spoor type: " + v.getClass()));
  }

  private static void writeValue(ValueType type, Object v, BytesOut<?> out) {
    switch (type) {
      case LONG, REF -> out.writeLong((Long) v);
      case INSTANT -> out.writeLong(((Instant) v).toEpochMilli());
      case DOUBLE -> out.writeDouble((Double) v);
      case BOOLEAN -> out.writeByte((byte) (((Boolean) v) ? 1 : 0));
      case STRING -> out.writeUtf8((String) v);
      case KEYWORD -> out.writeUtf8(v.toString().substring(1));
      case SYMBOL -> out.writeUtf8(v.toString());
      case BIGINT -> writeBytes(((BigInteger) v).toByteArray(), out);
      case BIGDEC -> {
        BigDecimal d = (BigDecimal) v;
        out.writeInt(d.scale());
        writeBytes(d.unscaledValue().toByteArray(), out);
      }
      case UUID -> {
        UUID u = (UUID) v;
        out.writeLong(u.getMostSignificantBits());
        out.writeLong(u.getLeastSignificantBits());
      }
      case BYTES -> writeBytes(((Bytes) v).toArray(), out);
      case TUPLE -> {
        List<?> items = (List<?>) v;
        out.writeInt(items.size());
        for (Object item : items) {
          ValueType t = ValueType.ofJavaValue(item).orElseThrow(
              () -> new IllegalArgumentException("tuple element of no Spoor type: " + item.getClass()));
          out.writeByte((byte) t.ordinal());
          writeValue(t, item, out);
        }
      }
      default -> throw new AssertionError(type);
    }
  }

  private static Object readValue(ValueType type, BytesIn<?> in) {
    return switch (type) {
      case LONG, REF -> in.readLong();
      case INSTANT -> Instant.ofEpochMilli(in.readLong());
      case DOUBLE -> in.readDouble();
      case BOOLEAN -> in.readByte() != 0;
      case STRING -> in.readUtf8();
      case KEYWORD -> Keyword.of(in.readUtf8());
      case SYMBOL -> Symbol.of(in.readUtf8());
      case BIGINT -> new BigInteger(readBytes(in));
      case BIGDEC -> {
        int scale = in.readInt();
        yield new BigDecimal(new BigInteger(readBytes(in)), scale);
      }
      case UUID -> new UUID(in.readLong(), in.readLong());
      case BYTES -> Bytes.copyOf(readBytes(in));
      case TUPLE -> {
        int n = in.readInt();
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(readValue(type(in.readUnsignedByte()), in));
        }
        yield List.copyOf(items);
      }
    };
  }

  private static void writeBytes(byte[] b, BytesOut<?> out) {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(BytesIn<?> in) {
    int n = in.readInt();
    if (n < 0 || n > in.readRemaining()) {
      throw new LogException("corrupt-entry", "log entry holds a byte string of impossible length " + n);
    }
    byte[] b = new byte[n];
    in.read(b);
    return b;
  }
}
