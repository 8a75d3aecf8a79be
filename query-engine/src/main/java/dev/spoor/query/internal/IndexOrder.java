package dev.spoor.query.internal;

import dev.spoor.log.ValueType;

/**
 * The sort order of each index over datom rows, and the probes that seek into them.
 *
 * <pre>
 * index  order              ties
 * EAVT   e, a, v            row id (= assertion order, so tx order)
 * AEVT   a, e, v            row id
 * AVET   a, v, e            row id
 * VAET   v (ref), a, e      row id
 * </pre>
 *
 * Values are only ever compared between rows of the same attribute, whose type is fixed.
 */
public final class IndexOrder {
  private final DatomStore store;
  public final IntBTree.Comparator eavt;
  public final IntBTree.Comparator aevt;
  public final IntBTree.Comparator avet;
  public final IntBTree.Comparator vaet;

  public IndexOrder(DatomStore store) {
    this.store = store;
    this.eavt = this::compareEavt;
    this.aevt = this::compareAevt;
    this.avet = this::compareAvet;
    this.vaet = this::compareVaet;
  }

  private int compareEavt(int x, int y) {
    int c = Long.compare(store.e(x), store.e(y));
    if (c != 0) {
      return c;
    }
    int ax = store.a(x);
    c = Integer.compare(ax, store.a(y));
    if (c != 0) {
      return c;
    }
    c = store.compareRowValues(x, y, store.type(ax));
    return c != 0 ? c : Integer.compare(x, y);
  }

  private int compareAevt(int x, int y) {
    int ax = store.a(x);
    int c = Integer.compare(ax, store.a(y));
    if (c != 0) {
      return c;
    }
    c = Long.compare(store.e(x), store.e(y));
    if (c != 0) {
      return c;
    }
    c = store.compareRowValues(x, y, store.type(ax));
    return c != 0 ? c : Integer.compare(x, y);
  }

  private int compareAvet(int x, int y) {
    int ax = store.a(x);
    int c = Integer.compare(ax, store.a(y));
    if (c != 0) {
      return c;
    }
    c = store.compareRowValues(x, y, store.type(ax));
    if (c != 0) {
      return c;
    }
    c = Long.compare(store.e(x), store.e(y));
    return c != 0 ? c : Integer.compare(x, y);
  }

  private int compareVaet(int x, int y) {
    int c = Long.compare(store.vBits(x), store.vBits(y));
    if (c != 0) {
      return c;
    }
    c = Integer.compare(store.a(x), store.a(y));
    if (c != 0) {
      return c;
    }
    c = Long.compare(store.e(x), store.e(y));
    return c != 0 ? c : Integer.compare(x, y);
  }

  /**
   * A probe matching rows whose leading components equal the given ones. {@code count} says
   * how many of (first, second, third) are set, in the index's own component order;
   * {@code type} is the value type when a value component is set.
   */
  public IntBTree.Probe probe(dev.spoor.query.Index index, int count, long first, long second, Object value,
      ValueType type) {
    return switch (index) {
      case EAVT -> row -> {
        int c = count >= 1 ? Long.compare(first, store.e(row)) : 0;
        if (c != 0 || count < 2) {
          return c;
        }
        c = Long.compare(second, store.a(row));
        if (c != 0 || count < 3) {
          return c;
        }
        return -store.compareValue(row, type, value);
      };
      case AEVT -> row -> {
        int c = count >= 1 ? Long.compare(first, store.a(row)) : 0;
        if (c != 0 || count < 2) {
          return c;
        }
        c = Long.compare(second, store.e(row));
        if (c != 0 || count < 3) {
          return c;
        }
        return -store.compareValue(row, type, value);
      };
      case AVET -> row -> {
        int c = count >= 1 ? Long.compare(first, store.a(row)) : 0;
        if (c != 0 || count < 2) {
          return c;
        }
        c = -store.compareValue(row, type, value);
        if (c != 0 || count < 3) {
          return c;
        }
        return Long.compare(second, store.e(row));
      };
      case VAET -> row -> {
        int c = count >= 1 ? Long.compare(first, store.vBits(row)) : 0;
        if (c != 0 || count < 2) {
          return c;
        }
        c = Long.compare(second, store.a(row));
        if (c != 0 || count < 3) {
          return c;
        }
        return Long.compare((Long) value, store.e(row));
      };
    };
  }

  public IntBTree.Comparator comparator(dev.spoor.query.Index index) {
    return switch (index) {
      case EAVT -> eavt;
      case AEVT -> aevt;
      case AVET -> avet;
      case VAET -> vaet;
    };
  }
}
