package dev.spoor.space;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/**
 * A transaction was rejected; nothing it asked for was applied. Subclasses name the
 * condition and carry its parts; {@link #item()} is the position of the offending element in
 * the transaction data (0-based), or -1 when the whole transaction is at fault.
 */
public class TransactionException extends SpoorException {
  private static final long serialVersionUID = 1L;

  private final int item;

  public TransactionException(String code, int item, String message) {
    super(Keyword.of("transact", code), (item >= 0 ? "tx data item " + item + ": " : "") + message);
    this.item = item;
  }

  /** The 0-based position of the offending element of the transaction data, or -1. */
  public int item() {
    return item;
  }

  /** The transaction names an attribute that is not installed. */
  public static final class UnknownAttribute extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final transient Object attribute;

    public UnknownAttribute(int item, Object attribute, String message) {
      super("unknown-attribute", item, message);
      this.attribute = attribute;
    }

    /** The attribute as written: an ident keyword or an id. */
    public Object attribute() {
      return attribute;
    }
  }

  /** A value is not of its attribute's type. */
  public static final class WrongValueType extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final Keyword attribute;
    private final Keyword expected;
    private final transient Object value;

    public WrongValueType(int item, Keyword attribute, Keyword expected, Object value, String message) {
      super("wrong-value-type", item, message);
      this.attribute = attribute;
      this.expected = expected;
      this.value = value;
    }

    public Keyword attribute() {
      return attribute;
    }

    /** The attribute's {@code :db/valueType}, e.g. {@code :db.type/long}. */
    public Keyword expected() {
      return expected;
    }

    public Object value() {
      return value;
    }
  }

  /** A unique value is already held by another entity. */
  public static final class UniqueConflict extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final Keyword attribute;
    private final transient Object value;
    private final long existingEntity;
    private final long conflictingEntity;

    public UniqueConflict(int item, Keyword attribute, Object value, long existingEntity, long conflictingEntity,
        String message) {
      super("unique-conflict", item, message);
      this.attribute = attribute;
      this.value = value;
      this.existingEntity = existingEntity;
      this.conflictingEntity = conflictingEntity;
    }

    public Keyword attribute() {
      return attribute;
    }

    public Object value() {
      return value;
    }

    /** The entity that holds the value. */
    public long existingEntity() {
      return existingEntity;
    }

    /** The entity the transaction tried to give it to. */
    public long conflictingEntity() {
      return conflictingEntity;
    }
  }

  /** A {@code :db/cas} found another value than the one it expected. */
  public static final class CasMismatch extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final long entity;
    private final Keyword attribute;
    private final transient Object expected;
    private final transient Object actual;

    public CasMismatch(int item, long entity, Keyword attribute, Object expected, Object actual, String message) {
      super("cas-mismatch", item, message);
      this.entity = entity;
      this.attribute = attribute;
      this.expected = expected;
      this.actual = actual;
    }

    public long entity() {
      return entity;
    }

    public Keyword attribute() {
      return attribute;
    }

    /** The value the transaction expected; {@code Optional.empty()} for "no value". */
    public Object expected() {
      return expected;
    }

    /** The value found; {@code Optional.empty()} for "no value". */
    public Object actual() {
      return actual;
    }
  }

  /** An entity reference (id, ident, lookup ref or tempid) names nothing. */
  public static final class Unresolved extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final transient Object reference;

    public Unresolved(int item, Object reference, String message) {
      super("unresolved", item, message);
      this.reference = reference;
    }

    public Object reference() {
      return reference;
    }
  }

  /** An explicit {@code :db/txInstant} is before the previous transaction's. */
  public static final class InstantBackwards extends TransactionException {
    private static final long serialVersionUID = 1L;
    private final java.time.Instant requested;
    private final java.time.Instant previous;

    public InstantBackwards(int item, java.time.Instant requested, java.time.Instant previous, String message) {
      super("instant-backwards", item, message);
      this.requested = requested;
      this.previous = previous;
    }

    public java.time.Instant requested() {
      return requested;
    }

    public java.time.Instant previous() {
      return previous;
    }
  }

  /** The transaction data is malformed or contradicts itself. */
  public static final class Invalid extends TransactionException {
    private static final long serialVersionUID = 1L;

    public Invalid(int item, String message) {
      super("invalid", item, message);
    }
  }
}
