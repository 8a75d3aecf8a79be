package dev.spoor.space;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.spoor.core.Keyword;

/**
 * A writer process for {@link CrashRecoveryTest}: opens the space in {@code args[0]}, and
 * transacts forever, printing each acknowledged transaction's {@code t} and item number
 * after {@code transact} returns. The test kills it with SIGKILL at a random moment.
 */
public final class CrashWriter {
  public static void main(String[] args) {
    try (Space space = Space.open(Path.of(args[0]))) {
      if (space.db().schema().attribute(Keyword.of("item/n")).isEmpty()) {
        space.transact("[{:db/ident :item/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one"
            + " :db/unique :db.unique/identity}"
            + " {:db/ident :item/next :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}"
            + " {:db/ident :item/payload :db/valueType :db.type/string :db/cardinality :db.cardinality/one}]");
      }
      int count = space.db().datomList(dev.spoor.query.Index.AEVT, Keyword.of("item/n")).size();
      long n = Math.max(0, count - 1); // item -1 anchors the chain
      while (true) {
        Object prev = n == 0 ? "first" : List.of(Keyword.of("item/n"), n - 1);
        TxReport r = space.transact(List.of(
            Map.of(Keyword.of("db/id"), "item", Keyword.of("item/n"), n,
                Keyword.of("item/payload"), "x".repeat((int) (n % 200))),
            n == 0 ? Map.of(Keyword.of("db/id"), "first", Keyword.of("item/n"), -1L)
                : List.of(Keyword.of("db/add"), prev, Keyword.of("item/next"), "item")));
        System.out.println(r.t() + " " + n);
        System.out.flush();
        n++;
      }
    }
  }
}
