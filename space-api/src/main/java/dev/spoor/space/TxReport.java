package dev.spoor.space;

import static java.util.Objects.requireNonNull;

import dev.spoor.log.Datom;
import dev.spoor.query.Db;
import java.util.List;
import java.util.Map;

/**
 * What a committed transaction did: the database before and after, the datoms it added
 * and retracted (redundant ones dropped, the transaction's own metadata included), and the
 * entity id each tempid resolved to.
 */
public record TxReport(Db dbBefore, Db dbAfter, List<Datom> txData, Map<String, Long> tempids) {
  public TxReport {
    requireNonNull(dbBefore, "dbBefore");
    requireNonNull(dbAfter, "dbAfter");
    txData = List.copyOf(txData);
    tempids = Map.copyOf(tempids);
  }

  /** The transaction's {@code t}. */
  public long t() {
    return dbAfter.basisT();
  }

  /** The transaction's entity id. */
  public long tx() {
    return Db.txEntity(t());
  }
}
