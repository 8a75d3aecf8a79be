package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Datomic's tuple declarations: :db/tupleType, :db/tupleTypes, and composites refused. */
class TupleTypesTest {
  private Space space;

  @BeforeEach
  void schema() {
    space = Space.inMemory();
    space.transact("""
        [{:db/ident :loc/xy :db/valueType :db.type/tuple :db/tupleTypes [:db.type/long :db.type/string]
          :db/cardinality :db.cardinality/one}
         {:db/ident :loc/tags :db/valueType :db.type/tuple :db/tupleType :db.type/keyword
          :db/cardinality :db.cardinality/one}]""");
  }

  @Test
  void tuplesOfTheDeclaredTypesAreAccepted() {
    TxReport r = space.transact("[{:db/id \"p\" :loc/xy [3 \"north\"] :loc/tags [:a :b :c]}]");
    assertThat(r.dbAfter().entity(r.tempids().get("p")).toMap())
        .containsEntry(Keyword.of("loc/xy"), List.of(3L, "north"))
        .containsEntry(Keyword.of("loc/tags"), List.of(Keyword.of("a"), Keyword.of("b"), Keyword.of("c")));
  }

  @Test
  void anElementOfTheWrongTypeOrAWrongArityIsRejected() {
    assertThatThrownBy(() -> space.transact("[{:loc/xy [3 4]}]"))
        .isInstanceOf(TransactionException.WrongValueType.class)
        .hasMessage("tx data item 0: tuple [3 4] for :loc/xy has a long at position 1; :loc/xy holds tuples of"
            + " [:db.type/long :db.type/string]");
    assertThatThrownBy(() -> space.transact("[{:loc/xy [3 \"north\" 5]}]"))
        .isInstanceOf(TransactionException.WrongValueType.class)
        .hasMessage("tx data item 0: tuple [3 \"north\" 5] for :loc/xy has 3 elements; :loc/xy holds tuples of"
            + " [:db.type/long :db.type/string]");
    assertThatThrownBy(() -> space.transact("[{:loc/tags [:a \"b\"]}]"))
        .isInstanceOf(TransactionException.WrongValueType.class)
        .hasMessageContaining("has a string at position 1");
  }

  @Test
  void aTupleAttributeMustDeclareItsElementTypesOnce() {
    assertThatThrownBy(() -> space.transact(
        "[{:db/ident :bad/t :db/valueType :db.type/tuple :db/cardinality :db.cardinality/one}]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessage("tx data item 0: tuple attribute :bad/t needs exactly one of :db/tupleType (one scalar type"
            + " for every element) or :db/tupleTypes (a type per element)");
    assertThatThrownBy(() -> space.transact("[{:db/ident :bad/t :db/valueType :db.type/tuple"
        + " :db/tupleTypes [:db.type/long] :db/cardinality :db.cardinality/one}]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessage("tx data item 0: :db/tupleTypes of :bad/t lists 1 types; a tuple has 2 to 8 elements");
    assertThatThrownBy(() -> space.transact("[{:db/ident :bad/t :db/valueType :db.type/long"
        + " :db/tupleType :db.type/long :db/cardinality :db.cardinality/one}]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessage("tx data item 0: :bad/t declares :db/tupleType or :db/tupleTypes but its :db/valueType is"
            + " :db.type/long, not :db.type/tuple");
  }

  @Test
  void compositeTuplesAreRefusedWithAClearError() {
    space.transact("[{:db/ident :a/x :db/valueType :db.type/long :db/cardinality :db.cardinality/one}"
        + " {:db/ident :a/y :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
    assertThatThrownBy(() -> space.transact("[{:db/ident :a/x+y :db/valueType :db.type/tuple"
        + " :db/tupleAttrs [:a/x :a/y] :db/cardinality :db.cardinality/one}]"))
        .isInstanceOf(TransactionException.Invalid.class)
        .hasMessage("tx data item 0: :a/x+y: composite tuples (:db/tupleAttrs) are not supported yet; assert the"
            + " tuple yourself with :db/tupleTypes");
  }
}
