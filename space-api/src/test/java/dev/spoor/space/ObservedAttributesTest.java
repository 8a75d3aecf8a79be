package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Keyword;
import dev.spoor.query.Datalog;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which attributes an observed query reads ({@code QueryAttributes}): each case a query and the
 * attributes whose transactions re-evaluate it, or {@code ANY} for every transaction.
 */
class ObservedAttributesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      [:find ?t :where [?t :task/status :open]]                                         | :task/status
      [:find ?v :where [[:task/id "t1"] :task/title ?v]]                                | :task/title :task/id
      [:find ?t :where [?t :task/owner [:user/name "ann"]]]                             | :task/owner :user/name
      [:find ?t :where [?t :a/x] (not [?t :a/y]) (or [?t :a/z] (and [?t :a/w] [?t :a/v]))] | :a/x :a/y :a/z :a/w :a/v
      [:find ?t :where [?t :a/x] (not-join [?t] [?t :a/y ?u] [?u :a/q])]                | :a/x :a/y :a/q
      [:find ?n :where [?t :a/x ?n] [(> ?n 3)] [(str ?n) ?s]]                           | :a/x
      [:find ?v :where [?t :a/x] [(get-else $ ?t :a/y 0) ?v]]                           | :a/x :a/y
      [:find ?t :where [?t :a/x] [(missing? $ ?t :a/y)]]                                | :a/x :a/y
      [:find ?t ?a ?v :where [?t :a/x] [(get-some $ ?t :a/y :a/z) [?a ?v]]]             | :a/x :a/y :a/z
      [:find ?y :in $ ?x :where [(identity ?x) ?y]]                                     |
      [:find ?t :in $ % :where (r ?t)]                                                  | :r/a :r/b
      [:find ?a :where [?t :a/x] [?t ?a]]                                               | ANY
      [:find ?t :where [?t _ 3]]                                                        | ANY
      [:find ?t :where [?t]]                                                            | ANY
      [:find ?t :where [?t 10 3]]                                                       | ANY
      [:find (pull ?t [:a/y]) :where [?t :a/x]]                                         | ANY
      [:find ?v :in $ ?attr :where [?t :a/x] [(get-else $ ?t ?attr 0) ?v]]              | ANY
      """)
  void readsTheseAttributes(String query, String expected) {
    Object[] inputs = query.contains(":in $ ?x") ? new Object[] {1L}
        : query.contains(":in $ ?attr") ? new Object[] {Keyword.of("a/y")}
        : query.contains("%") ? new Object[] {"[[(r ?t) [?t :r/a]] [(r ?t) [?t :r/b ?u] (r ?u)]]"}
        : new Object[0];
    Optional<Set<Keyword>> attributes = Observation.prepare(Datalog.builtIns(), query, inputs).attributes();
    if ("ANY".equals(expected)) {
      assertThat(attributes).isEmpty();
    } else {
      Set<Keyword> want = expected == null ? Set.of()
          : Arrays.stream(expected.trim().split(" +")).map(s -> Keyword.of(s.substring(1))).collect(Collectors.toSet());
      assertThat(attributes).contains(want);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      [:find ?t :in $ ?s :where [?t :a/x ?s]]  | :open            | [:open]
      [:find ?t :in $ [?s ...] :where [?t :a/x ?s]] | many        | [["a" "b"]]
      """)
  void theInputsAreRecordedAsEdn(String query, String input, String edn) {
    Object value = "many".equals(input) ? java.util.List.of("a", "b") : Keyword.of(input.substring(1));
    assertThat(Observation.prepare(Datalog.builtIns(), query, new Object[] {value}).inputsEdn()).contains(edn);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      [:find ?t :where [?t :task/status :open]]                                    | :task/status=:open
      [:find ?t :in $ ?s :where [?t :task/status ?s]]                              | :task/status=:done
      [:find ?t :where [?t :task/status :open] [?t :task/status :ready]]           | :task/status=:open,:ready
      [:find ?t :where [?t :task/status :open] [?t :task/title ?x]]                | :task/status=:open
      [:find ?t :where [?t :task/status :open] [?u :task/status ?v]]               |
      [:find ?t :where [?t :task/n 3] [?t :task/w 2.5]]                            | :task/n=3
      [:find ?t :where [?t :task/owner [:user/name "ann"]] [?u :user/name "bob"]]  |
      [:find ?t :where [?t :a/x 1] (not [?t :a/y 2])]                              | :a/x=1 :a/y=2
      [:find ?t :in $ ?s :where [?t :a/x 1] (not-join [?t] [?t :a/y ?s])]          | :a/x=1
      [:find ?t :where [?t :a/x "k"] [(get-else $ ?t :a/x 0) ?v]]                  |
      """)
  void pinsTheseValues(String query, String expected) {
    Object[] inputs = query.contains(":in $ ?s") ? new Object[] {Keyword.of("done")} : new Object[0];
    java.util.Map<Keyword, Set<Object>> keys = Observation.prepare(Datalog.builtIns(), query, inputs).valueKeys();
    java.util.Map<Keyword, Set<Object>> want = new java.util.HashMap<>();
    if (expected != null) {
      for (String pin : expected.trim().split(" +")) {
        String[] parts = pin.split("=");
        Set<Object> values = new java.util.HashSet<>();
        for (String v : parts[1].split(",")) {
          values.add(v.startsWith(":") ? Keyword.of(v.substring(1)) : v.startsWith("\"") ? v.replace("\"", "")
              : (Object) Long.parseLong(v));
        }
        want.put(Keyword.of(parts[0].substring(1)), values);
      }
    }
    assertThat(keys).isEqualTo(want);
  }
}
