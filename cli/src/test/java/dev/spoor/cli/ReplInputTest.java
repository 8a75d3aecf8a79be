package dev.spoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When typed text is ready to run, and which word the cursor is in. */
class ReplInputTest {
  @Test
  void balancedBracketsAreComplete() {
    assertThat(ReplInput.isComplete("[:find ?e :where [?e :a/b]]")).isTrue();
    assertThat(ReplInput.isComplete(":tx [{:a/b #{1 2}} (list 1)]")).isTrue();
    assertThat(ReplInput.isComplete(":help")).isTrue();
  }

  @Test
  void anOpenBracketWaitsForMore() {
    assertThat(ReplInput.isComplete("[:find ?e\n :where [?e :a/b]")).isFalse();
    assertThat(ReplInput.missing("[:find ?e\n :where [?e :a/b")).isEqualTo("]]");
    assertThat(ReplInput.missing(":tx [{:a #{1")).isEqualTo("}}]");
  }

  @Test
  void anOpenStringWaitsForMore() {
    assertThat(ReplInput.isComplete("[:find ?e :where [?e :a/b \"x]")).isFalse();
    assertThat(ReplInput.missing("[\"x")).isEqualTo("\"]");
  }

  @Test
  void bracketsInStringsCommentsAndCharactersDoNotCount() {
    assertThat(ReplInput.isComplete("[:find ?e :where [?e :a/b \"[(\"]]")).isTrue();
    assertThat(ReplInput.isComplete("[:find ?e ; [[[\n :where [?e :a/b]]")).isTrue();
    assertThat(ReplInput.isComplete("[:find ?e :where [?e :a/b \\(]]")).isTrue();
    assertThat(ReplInput.isComplete("[\"a \\\" [\"]")).isTrue();
  }

  @Test
  void anExtraClosingBracketIsCompleteSoTheParserCanPointAtIt() {
    assertThat(ReplInput.isComplete("[:find ?e]]")).isTrue();
  }

  @Test
  void theWordAtTheCursorIsSplitAtBrackets() {
    String text = "[:find ?e :where [?e :ta";
    ReplInput.Words w = ReplInput.words(text, text.length());
    assertThat(w.currentWord()).isEqualTo(new ReplInput.Word(":ta", 21));
    assertThat(w.cursorInWord()).isEqualTo(3);
    assertThat(w.words()).extracting(ReplInput.Word::text).containsExactly(":find", "?e", ":where", "?e", ":ta");
  }

  @Test
  void aCursorBetweenWordsIsInAnEmptyWord() {
    ReplInput.Words w = ReplInput.words("[?e  :a]", 4);
    assertThat(w.currentWord()).isEqualTo(new ReplInput.Word("", 4));
    assertThat(w.words()).extracting(ReplInput.Word::text).containsExactly("?e", "", ":a");
    assertThat(w.current()).isEqualTo(1);
  }
}
