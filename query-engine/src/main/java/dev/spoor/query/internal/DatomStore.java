package dev.spoor.query.internal;

import dev.spoor.core.Bytes;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.log.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Every assertion ever made, as columns indexed by datom id. Ids are handed out in log order,
 * so the datoms of transaction {@code t} occupy the id range
 * {@code [firstId(t), firstId(t + 1))}. A retraction does not add a row: it records the
 * retracting {@code t} on the row it ends. A view at {@code t} therefore sees row {@code id}
 * when {@code id < firstId(t + 1)} and the row is not retracted at or before {@code t}.
 *
 * <p>One writer appends; any number of readers read rows below the count their {@code Db} was
 * published with. Column chunks are never moved, only the small chunk directories are
 * replaced when they grow, so readers need no locks. Inline types (long, ref, instant,
 * double, boolean) live in the value column; the others live in an object column and the
 * value column holds their slot.
 */
public final class DatomStore {
  private static final int SHIFT = 14;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  private volatile long[][] e = new long[1][];
  private volatile int[][] a = new int[1][];
  private volatile long[][] v = new long[1][];
  private volatile int[][] retractedT = new int[1][];
  private volatile Object[][] objects = new Object[1][];
  private volatile ValueType[] attrTypes = new ValueType[64];
  private volatile int[] txFirstId = new int[1024];
  private volatile long[] txInstant = new long[1024];
  private int count;
  private int objectCount;

  public DatomStore() {
    e[0] = new long[CHUNK];
    a[0] = new int[CHUNK];
    v[0] = new long[CHUNK];
    retractedT[0] = new int[CHUNK];
    objects[0] = new Object[CHUNK];
  }

  /** Rows written so far (the writer's view). */
  public int count() {
    return count;
  }

  public long e(int id) {
    return e[id >>> SHIFT][id & MASK];
  }

  public int a(int id) {
    return a[id >>> SHIFT][id & MASK];
  }

  /** The raw value column: inline bits, or the object slot. */
  public long vBits(int id) {
    return v[id >>> SHIFT][id & MASK];
  }

  /** The {@code t} that retracted the row, or 0 while it stands. */
  public int retractedT(int id) {
    return retractedT[id >>> SHIFT][id & MASK];
  }

  public ValueType type(int attr) {
    ValueType[] types = attrTypes;
    ValueType t = attr < types.length ? types[attr] : null;
    if (t == null) {
      throw new IllegalStateException("attribute " + attr + " has no value type");
    }
    return t;
  }

  public boolean hasType(int attr) {
    ValueType[] types = attrTypes;
    return attr < types.length && types[attr] != null;
  }

  /** Declares the value type of an attribute; types never change once set. */
  public void declareType(int attr, ValueType type) {
    ValueType[] types = attrTypes;
    if (attr >= types.length) {
      types = Arrays.copyOf(types, Math.max(attr + 1, types.length * 2));
    }
    types[attr] = type;
    attrTypes = types;
  }

  /** The value of row {@code id} as a Java value. */
  public Object value(int id) {
    return decode(type(a(id)), vBits(id));
  }

  public Object decode(ValueType type, long bits) {
    return switch (type) {
      case LONG, REF -> bits;
      case INSTANT -> Instant.ofEpochMilli(bits);
      case DOUBLE -> Double.longBitsToDouble(bits);
      case BOOLEAN -> bits != 0;
      default -> objects[(int) (bits >>> SHIFT)][(int) (bits & MASK)];
    };
  }

  /** Appends an assertion row and returns its id. */
  public int add(long entity, int attr, Object value) {
    int id = count;
    int chunk = id >>> SHIFT;
    if (chunk == e.length) {
      growRows();
    }
    e[chunk][id & MASK] = entity;
    a[chunk][id & MASK] = attr;
    v[chunk][id & MASK] = encode(type(attr), value);
    count = id + 1;
    return id;
  }

  /** Records that {@code t} retracted row {@code id}. */
  public void retract(int id, int t) {
    retractedT[id >>> SHIFT][id & MASK] = t;
  }

  private long encode(ValueType type, Object value) {
    switch (type) {
      case LONG:
      case REF:
        return (Long) value;
      case INSTANT:
        return ((Instant) value).toEpochMilli();
      case DOUBLE:
        return Double.doubleToLongBits((Double) value);
      case BOOLEAN:
        return ((Boolean) value) ? 1 : 0;
      default:
        int slot = objectCount;
        int chunk = slot >>> SHIFT;
        if (chunk == objects.length) {
          Object[][] grown = Arrays.copyOf(objects, objects.length * 2);
          grown[chunk] = new Object[CHUNK];
          objects = grown;
        } else if (objects[chunk] == null) {
          objects[chunk] = new Object[CHUNK];
        }
        objects[chunk][slot & MASK] = value;
        objectCount = slot + 1;
        return slot;
    }
  }

  private void growRows() {
    int chunks = e.length;
    long[][] ne = Arrays.copyOf(e, chunks + 1);
    int[][] na = Arrays.copyOf(a, chunks + 1);
    long[][] nv = Arrays.copyOf(v, chunks + 1);
    int[][] nr = Arrays.copyOf(retractedT, chunks + 1);
    ne[chunks] = new long[CHUNK];
    na[chunks] = new int[CHUNK];
    nv[chunks] = new long[CHUNK];
    nr[chunks] = new int[CHUNK];
    e = ne;
    a = na;
    v = nv;
    retractedT = nr;
  }

  /** Records where transaction {@code t} starts and when it happened. Called once per t, in order. */
  public void beginTx(int t, long instantMillis) {
    int[] first = txFirstId;
    long[] instants = txInstant;
    if (t + 1 >= first.length) {
      first = Arrays.copyOf(first, first.length * 2);
      instants = Arrays.copyOf(instants, instants.length * 2);
    }
    first[t] = count;
    first[t + 1] = count;
    instants[t] = instantMillis;
    txInstant = instants;
    txFirstId = first;
  }

  /** Closes transaction {@code t}: rows added since {@link #beginTx} belong to it. */
  public void endTx(int t) {
    txFirstId[t + 1] = count;
  }

  /** The first row id of transaction {@code t}; for the open end, the row count after it. */
  public int firstId(int t) {
    return txFirstId[t];
  }

  /** The wall-clock instant of transaction {@code t}, in epoch milliseconds. */
  public long instantMillis(int t) {
    return txInstant[t];
  }

  /** The {@code t} that asserted row {@code id}, among transactions {@code 0..maxT}. */
  public int assertedT(int id, int maxT) {
    int[] first = txFirstId;
    int lo = 0;
    int hi = maxT;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (first[mid] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Compares two values of one type in index order. */
  public static int compareValues(ValueType type, Object x, Object y) {
    return switch (type) {
      case LONG, REF -> Long.compare((Long) x, (Long) y);
      case DOUBLE -> Double.compare((Double) x, (Double) y);
      case BIGINT -> ((BigInteger) x).compareTo((BigInteger) y);
      case BIGDEC -> ((BigDecimal) x).compareTo((BigDecimal) y);
      case STRING -> ((String) x).compareTo((String) y);
      case BOOLEAN -> Boolean.compare((Boolean) x, (Boolean) y);
      case KEYWORD -> ((Keyword) x).compareTo((Keyword) y);
      case SYMBOL -> ((Symbol) x).compareTo((Symbol) y);
      case INSTANT -> ((Instant) x).compareTo((Instant) y);
      case UUID -> ((UUID) x).compareTo((UUID) y);
      case BYTES -> ((Bytes) x).compareTo((Bytes) y);
      case TUPLE -> compareTuples((List<?>) x, (List<?>) y);
    };
  }

  /** Compares row {@code id}'s value with {@code value} (of the row's attribute type). */
  public int compareValue(int id, ValueType type, Object value) {
    long bits = vBits(id);
    return switch (type) {
      case LONG, REF -> Long.compare(bits, (Long) value);
      case INSTANT -> Long.compare(bits, ((Instant) value).toEpochMilli());
      case DOUBLE -> Double.compare(Double.longBitsToDouble(bits), (Double) value);
      case BOOLEAN -> Boolean.compare(bits != 0, (Boolean) value);
      default -> compareValues(type, decode(type, bits), value);
    };
  }

  /** Compares the values of two rows of the same attribute. */
  public int compareRowValues(int x, int y, ValueType type) {
    long bx = vBits(x);
    long by = vBits(y);
    return switch (type) {
      case LONG, REF, INSTANT -> Long.compare(bx, by);
      case DOUBLE -> Double.compare(Double.longBitsToDouble(bx), Double.longBitsToDouble(by));
      case BOOLEAN -> Long.compare(bx, by);
      default -> compareValues(type, decode(type, bx), decode(type, by));
    };
  }

  private static int compareTuples(List<?> x, List<?> y) {
    int n = Math.min(x.size(), y.size());
    for (int i = 0; i < n; i++) {
      int c = compareAny(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  /** Orders values of possibly different types: by type, then by value. */
  public static int compareAny(Object x, Object y) {
    ValueType tx = ValueType.ofJavaValue(x).orElseThrow();
    ValueType ty = ValueType.ofJavaValue(y).orElseThrow();
    if (tx != ty) {
      return Integer.compare(tx.ordinal(), ty.ordinal());
    }
    return compareValues(tx, x, y);
  }

  /** Approximate heap bytes held by the columns, for the memory benchmark. */
  public long retainedBytes() {
    long rows = (long) e.length * CHUNK;
    long objectSlots = 0;
    for (Object[] chunk : objects) {
      if (chunk != null) {
        objectSlots += CHUNK;
      }
    }
    return rows * (8 + 4 + 8 + 4) + objectSlots * 4 + txFirstId.length * 4L + txInstant.length * 8L;
  }
}
