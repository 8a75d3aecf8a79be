package dev.spoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.space.Space;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What Tab offers: commands first, formats after :format, then idents, query keywords and variables. */
class ReplCompleterTest {
  private final Space space = Space.inMemory();

  ReplCompleterTest() {
    space.transact("""
        [{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one}
         {:db/ident :task/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}]""");
  }

  @AfterEach
  void close() {
    space.close();
  }

  private List<String> complete(String text) {
    ReplParser parser = new ReplParser();
    List<Candidate> candidates = new ArrayList<>();
    new ReplCompleter(space).complete(null, parser.parse(text, text.length(), ParseContext.COMPLETE), candidates);
    String word = ((ReplParser.Line) parser.parse(text, text.length(), ParseContext.COMPLETE)).word();
    return candidates.stream().map(Candidate::value).filter(v -> v.startsWith(word)).toList();
  }

  @Test
  void theFirstWordCompletesToACommand() {
    assertThat(complete(":sch")).containsExactly(":schema");
    assertThat(complete("  :as")).containsExactly(":as-of");
  }

  @Test
  void aWordInAQueryCompletesToAnAttribute() {
    assertThat(complete("[:find ?e :where [?e :ta")).containsExactlyInAnyOrder(":task/id", ":task/status");
    assertThat(complete("[:find ?e :where [?e :db/id")).containsExactly(":db/ident");
  }

  @Test
  void queryKeywordsComplete() {
    assertThat(complete("[:find ?e :wh")).containsExactly(":where");
  }

  @Test
  void variablesCompleteFromTheQuery() {
    assertThat(complete("[:find ?title :where [?e :task/id ?t")).containsExactly("?title");
  }

  @Test
  void formatNamesCompleteAfterFormat() {
    assertThat(complete(":format j")).containsExactly("json");
  }

  @Test
  void txDataCompletesAttributes() {
    assertThat(complete(":tx [{:task/st")).containsExactly(":task/status");
  }
}
