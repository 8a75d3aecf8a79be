package dev.spoor.query;

import dev.spoor.core.Keyword;
import dev.spoor.log.ValueType;
import java.util.List;

/**
 * The attributes every space starts with, installed at {@code t = 0}: Datomic's schema
 * attributes and Spoor's transaction metadata. Their ids are fixed and small (partition 0);
 * user attributes are allocated from {@link #FIRST_USER_ATTRIBUTE_ID} on.
 */
public final class SystemSchema {
  public static final Keyword IDENT = Keyword.of("db/ident");
  public static final Keyword VALUE_TYPE = Keyword.of("db/valueType");
  public static final Keyword CARDINALITY = Keyword.of("db/cardinality");
  public static final Keyword UNIQUE = Keyword.of("db/unique");
  public static final Keyword IS_COMPONENT = Keyword.of("db/isComponent");
  public static final Keyword INDEX = Keyword.of("db/index");
  public static final Keyword DOC = Keyword.of("db/doc");
  public static final Keyword TX_INSTANT = Keyword.of("db/txInstant");
  public static final Keyword TX_AGENT = Keyword.of("spoor.tx/agent");
  public static final Keyword TUPLE_TYPE = Keyword.of("db/tupleType");
  public static final Keyword TUPLE_TYPES = Keyword.of("db/tupleTypes");
  public static final Keyword TUPLE_ATTRS = Keyword.of("db/tupleAttrs");

  public static final long IDENT_ID = 1;
  public static final long VALUE_TYPE_ID = 2;
  public static final long CARDINALITY_ID = 3;
  public static final long UNIQUE_ID = 4;
  public static final long IS_COMPONENT_ID = 5;
  public static final long INDEX_ID = 6;
  public static final long DOC_ID = 7;
  public static final long TX_INSTANT_ID = 8;
  public static final long TX_AGENT_ID = 9;
  public static final long TUPLE_TYPE_ID = 10;
  public static final long TUPLE_TYPES_ID = 11;
  public static final long TUPLE_ATTRS_ID = 12;

  /** Entities of partition 0 at or above this id are user-installed attributes. */
  public static final long FIRST_USER_ATTRIBUTE_ID = 1000;
  /** Partition 3: transaction entities, {@code TX_PARTITION + t}. */
  public static final long TX_PARTITION = 3L << 42;
  /** Partition 4: every other entity a transaction creates. */
  public static final long USER_PARTITION = 4L << 42;

  record Installed(long id, Keyword ident, ValueType type, Cardinality cardinality, Uniqueness unique, String doc) {}

  static final List<Installed> ATTRIBUTES = List.of(
      new Installed(IDENT_ID, IDENT, ValueType.KEYWORD, Cardinality.ONE, Uniqueness.IDENTITY,
          "The unique name of an entity."),
      new Installed(VALUE_TYPE_ID, VALUE_TYPE, ValueType.REF, Cardinality.ONE, Uniqueness.NONE,
          "The type of an attribute's values."),
      new Installed(CARDINALITY_ID, CARDINALITY, ValueType.REF, Cardinality.ONE, Uniqueness.NONE,
          "Whether an attribute holds one value or many."),
      new Installed(UNIQUE_ID, UNIQUE, ValueType.REF, Cardinality.ONE, Uniqueness.NONE,
          "Whether an attribute's value is unique: :db.unique/identity or :db.unique/value."),
      new Installed(IS_COMPONENT_ID, IS_COMPONENT, ValueType.BOOLEAN, Cardinality.ONE, Uniqueness.NONE,
          "Whether a reference attribute's target is part of its entity."),
      new Installed(INDEX_ID, INDEX, ValueType.BOOLEAN, Cardinality.ONE, Uniqueness.NONE,
          "Whether to index values (Spoor indexes every attribute's values)."),
      new Installed(DOC_ID, DOC, ValueType.STRING, Cardinality.ONE, Uniqueness.NONE,
          "Documentation of an entity."),
      new Installed(TX_INSTANT_ID, TX_INSTANT, ValueType.INSTANT, Cardinality.ONE, Uniqueness.NONE,
          "When a transaction was committed."),
      new Installed(TX_AGENT_ID, TX_AGENT, ValueType.STRING, Cardinality.ONE, Uniqueness.NONE,
          "The agent that wrote a transaction."),
      new Installed(TUPLE_TYPE_ID, TUPLE_TYPE, ValueType.KEYWORD, Cardinality.ONE, Uniqueness.NONE,
          "The type of every element of a homogeneous tuple attribute's values."),
      new Installed(TUPLE_TYPES_ID, TUPLE_TYPES, ValueType.TUPLE, Cardinality.ONE, Uniqueness.NONE,
          "The type of each element of a heterogeneous tuple attribute's values."),
      new Installed(TUPLE_ATTRS_ID, TUPLE_ATTRS, ValueType.TUPLE, Cardinality.ONE, Uniqueness.NONE,
          "The attributes a composite tuple attribute is made of (not supported yet)."));

  /** Idents that name values rather than attributes: types, cardinalities, uniqueness, partitions. */
  static final List<Keyword> ENUM_IDENTS = List.of(
      ValueType.LONG.ident(), ValueType.DOUBLE.ident(), ValueType.BIGINT.ident(), ValueType.BIGDEC.ident(),
      ValueType.STRING.ident(), ValueType.BOOLEAN.ident(), ValueType.KEYWORD.ident(), ValueType.SYMBOL.ident(),
      ValueType.REF.ident(), ValueType.INSTANT.ident(), ValueType.UUID.ident(), ValueType.BYTES.ident(),
      ValueType.TUPLE.ident(),
      Cardinality.ONE.ident(), Cardinality.MANY.ident(), Uniqueness.IDENTITY.ident(), Uniqueness.VALUE.ident(),
      Keyword.of("db.part/db"), Keyword.of("db.part/tx"), Keyword.of("db.part/user"));

  /** The id of the n-th enum ident. */
  static long enumId(int n) {
    return 100 + n;
  }

  private SystemSchema() {}
}
