package dev.spoor.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.datalog.QueryException;
import org.junit.jupiter.api.Test;

/** Parsed queries are remembered per set of functions; errors are not. */
class DatalogParseCacheTest {
  private static final String QUERY = "[:find ?e :where [?e :node/name \"a\"]]";

  @Test
  void theSameTextParsesOnceAndViewsWithOtherLimitsShareIt() {
    Datalog d = Datalog.builtIns().withFunctions(Functions.builtIns());
    assertThat(d.parse(QUERY)).isSameAs(d.parse(QUERY)).isSameAs(d.withMaxRows(10).parse(QUERY));
  }

  @Test
  void anotherSetOfFunctionsParsesAfresh() {
    Functions twice = Functions.builtIns().withFunction("twice", args -> args.get(0));
    String usesTwice = "[:find ?y :in ?x :where [(twice ?x) ?y]]";
    assertThatThrownBy(() -> Datalog.builtIns().parse(usesTwice)).isInstanceOf(QueryException.class);
    assertThat(Datalog.builtIns().withFunctions(twice).parse(usesTwice)).isNotNull();
    assertThatThrownBy(() -> Datalog.builtIns().parse(usesTwice)).isInstanceOf(QueryException.class);
  }
}
