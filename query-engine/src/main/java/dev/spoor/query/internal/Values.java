package dev.spoor.query.internal;

import dev.spoor.query.QueryExecutionException;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Comparison and arithmetic over query values, with Clojure's semantics where Datomic has them. */
public final class Values {
  private Values() {}

  public static boolean isNumber(Object o) {
    return o instanceof Long || o instanceof Double || o instanceof BigInteger || o instanceof BigDecimal
        || o instanceof Integer;
  }

  /** Clojure {@code =}: numbers of one kind compare by value ({@code 1} is not {@code 1.0}); else equals. */
  public static boolean equal(Object a, Object b) {
    if (a instanceof Integer i) {
      a = i.longValue();
    }
    if (b instanceof Integer i) {
      b = i.longValue();
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return a.equals(b);
  }

  /**
   * Orders any two values: numbers numerically across kinds; otherwise values of one type by
   * their natural order; values of different types by type name, so sorting never fails.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      return compareNumbers(a, b);
    }
    if (a.getClass() == b.getClass() && a instanceof Comparable ca) {
      return ca.compareTo(b);
    }
    if (a instanceof java.util.List<?> la && b instanceof java.util.List<?> lb) {
      for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
        int c = compare(la.get(i), lb.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(la.size(), lb.size());
    }
    return a.getClass().getName().compareTo(b.getClass().getName());
  }

  public static int compareNumbers(Object a, Object b) {
    requireNumber(a);
    requireNumber(b);
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if ((a instanceof Double || b instanceof Double)) {
      return Double.compare(toDouble(a), toDouble(b));
    }
    return toBigDecimal(a).compareTo(toBigDecimal(b));
  }

  public static double toDouble(Object o) {
    requireNumber(o);
    return ((Number) o).doubleValue();
  }

  public static long toLong(Object o) {
    requireNumber(o);
    return ((Number) o).longValue();
  }

  private static BigDecimal toBigDecimal(Object o) {
    if (o instanceof BigDecimal d) {
      return d;
    }
    if (o instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (o instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    return BigDecimal.valueOf(((Number) o).longValue());
  }

  private static void requireNumber(Object o) {
    if (!isNumber(o)) {
      throw new QueryExecutionException("not-a-number", "expected a number, got " + dev.spoor.core.Edn.print(o));
    }
  }

  private enum Kind { LONG, BIGINT, BIGDEC, DOUBLE }

  private static Kind kind(Object a, Object b) {
    requireNumber(a);
    requireNumber(b);
    if (a instanceof Double || b instanceof Double) {
      return Kind.DOUBLE;
    }
    if (a instanceof BigDecimal || b instanceof BigDecimal) {
      return Kind.BIGDEC;
    }
    if (a instanceof BigInteger || b instanceof BigInteger) {
      return Kind.BIGINT;
    }
    return Kind.LONG;
  }

  private static BigInteger big(Object o) {
    return o instanceof BigInteger i ? i : BigInteger.valueOf(((Number) o).longValue());
  }

  public static Object add(Object a, Object b) {
    return switch (kind(a, b)) {
      case DOUBLE -> toDouble(a) + toDouble(b);
      case BIGDEC -> toBigDecimal(a).add(toBigDecimal(b));
      case BIGINT -> big(a).add(big(b));
      case LONG -> exact(() -> Math.addExact(toLong(a), toLong(b)), "+", a, b);
    };
  }

  public static Object subtract(Object a, Object b) {
    return switch (kind(a, b)) {
      case DOUBLE -> toDouble(a) - toDouble(b);
      case BIGDEC -> toBigDecimal(a).subtract(toBigDecimal(b));
      case BIGINT -> big(a).subtract(big(b));
      case LONG -> exact(() -> Math.subtractExact(toLong(a), toLong(b)), "-", a, b);
    };
  }

  public static Object multiply(Object a, Object b) {
    return switch (kind(a, b)) {
      case DOUBLE -> toDouble(a) * toDouble(b);
      case BIGDEC -> toBigDecimal(a).multiply(toBigDecimal(b));
      case BIGINT -> big(a).multiply(big(b));
      case LONG -> exact(() -> Math.multiplyExact(toLong(a), toLong(b)), "*", a, b);
    };
  }

  /** Division as Datomic's query {@code /} does it: integers divide to an integer (truncated), else a double. */
  public static Object divide(Object a, Object b) {
    Kind k = kind(a, b);
    if (k != Kind.DOUBLE && compareNumbers(b, 0L) == 0) {
      throw new QueryExecutionException("divide-by-zero", "divide by zero: (/ " + dev.spoor.core.Edn.print(a) + " 0)");
    }
    return switch (k) {
      case DOUBLE -> toDouble(a) / toDouble(b);
      case BIGDEC -> toBigDecimal(a).divide(toBigDecimal(b), java.math.MathContext.DECIMAL128);
      case BIGINT -> big(a).divide(big(b));
      case LONG -> toLong(a) / toLong(b);
    };
  }

  /** Clojure's {@code quot}: division truncated toward zero, for doubles too. */
  public static Object quot(Object a, Object b) {
    if (a instanceof Double || b instanceof Double) {
      double q = toDouble(a) / toDouble(b);
      return q < 0 ? Math.ceil(q) : Math.floor(q);
    }
    long y = toLong(b);
    if (y == 0) {
      throw new QueryExecutionException("divide-by-zero", "divide by zero in quot");
    }
    return toLong(a) / y;
  }

  public static Object rem(Object a, Object b) {
    long y = toLong(b);
    if (y == 0) {
      throw new QueryExecutionException("divide-by-zero", "divide by zero in rem");
    }
    return toLong(a) % y;
  }

  public static Object mod(Object a, Object b) {
    long y = toLong(b);
    if (y == 0) {
      throw new QueryExecutionException("divide-by-zero", "divide by zero in mod");
    }
    return Math.floorMod(toLong(a), y);
  }

  private interface LongOp {
    long get();
  }

  private static Object exact(LongOp op, String name, Object a, Object b) {
    try {
      return op.get();
    } catch (ArithmeticException e) {
      throw new QueryExecutionException("overflow", "long overflow in (" + name + " " + a + " " + b + ")");
    }
  }
}
