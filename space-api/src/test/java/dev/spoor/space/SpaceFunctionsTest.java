package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.datalog.QueryException;
import dev.spoor.query.Functions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Functions registered on a space serve its queries, observations and ensure preconditions. */
class SpaceFunctionsTest {
  private static Space space() {
    Functions twice = Functions.builtIns().withFunction("twice", args -> (Long) args.get(0) * 2);
    Space space = Space.inMemory(Space.Options.defaults().withFunctions(twice));
    space.transact("[{:db/ident :n/v :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
    space.transact("[{:n/v 3}]");
    return space;
  }

  private static final String QUERY = "[:find ?d :where [_ :n/v ?v] [(twice ?v) ?d]]";

  @Test
  void spaceQueriesCallTheSpacesFunctions() {
    try (Space space = space()) {
      assertThat(space.datalog().q(QUERY, space.db()).relation()).containsExactly(List.of(6L));
    }
  }

  @Test
  void observationsCallTheSpacesFunctions() throws Exception {
    try (Space space = space(); Agent agent = space.join("a", Duration.ofMinutes(1))) {
      BlockingQueue<Observation.Change> changes = new ArrayBlockingQueue<>(10);
      agent.observe(QUERY, changes::add);
      assertThat(changes.poll(10, TimeUnit.SECONDS).added()).isEqualTo(Set.of(List.of(6L)));
      space.transact("[{:n/v 5}]");
      assertThat(changes.poll(10, TimeUnit.SECONDS).added()).isEqualTo(Set.of(List.of(10L)));
    }
  }

  @Test
  void ensurePreconditionsCallTheSpacesFunctions() {
    try (Space space = space()) {
      space.transact("[[:spoor/ensure [:find ?d :where [_ :n/v ?v] [(twice ?v) ?d] [(= ?d 6)]]] {:n/v 4}]");
      assertThat(space.db().basisT()).isEqualTo(3);
    }
  }

  @Test
  void aSpaceWithoutTheFunctionRejectsTheQueryAsUnknown() {
    try (Space plain = Space.inMemory()) {
      assertThatThrownBy(() -> plain.datalog().parse(QUERY)).isInstanceOf(QueryException.class)
          .hasMessageContaining("twice");
    }
  }
}
