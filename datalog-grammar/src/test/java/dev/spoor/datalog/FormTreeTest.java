package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.datalog.Form.ListForm;
import dev.spoor.datalog.Form.MapForm;
import dev.spoor.datalog.Form.Nil;
import dev.spoor.datalog.Form.Scalar;
import dev.spoor.datalog.Form.SetForm;
import dev.spoor.datalog.Form.VectorForm;
import dev.spoor.datalog.internal.EdnParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.ParserRuleContext;
import org.junit.jupiter.api.Test;

/** The positioned tree the reader builds: shapes, spans, and the values it holds. */
class FormTreeTest {

  @Test
  void everyFormKnowsItsLineColumnAndOffsets() {
    assertThat(EdnReader.readOne("[:a (1 \"x\")]")).isEqualTo(
        new VectorForm(List.of(
            new Scalar(Keyword.of("a"), new Span(1, 1, 1, 3)),
            new ListForm(List.of(
                new Scalar(1L, new Span(1, 5, 5, 6)),
                new Scalar("x", new Span(1, 7, 7, 10))),
                new Span(1, 4, 4, 11))),
            new Span(1, 0, 0, 12)));
  }

  @Test
  void linesCountFromOneAndColumnsFromZeroAcrossNewlines() {
    assertThat(EdnReader.readOne("{:a 1\n :b nil}")).isEqualTo(
        new MapForm(List.of(
            new MapForm.Entry(new Scalar(Keyword.of("a"), new Span(1, 1, 1, 3)), new Scalar(1L, new Span(1, 4, 4, 5))),
            new MapForm.Entry(new Scalar(Keyword.of("b"), new Span(2, 1, 7, 9)), new Nil(new Span(2, 4, 10, 13)))),
            new Span(1, 0, 0, 14)));
  }

  @Test
  void aSetKeepsItsElementsInSourceOrder() {
    assertThat(EdnReader.readOne("#{c a b}")).isEqualTo(
        new SetForm(List.of(
            new Scalar(Symbol.of("c"), new Span(1, 2, 2, 3)),
            new Scalar(Symbol.of("a"), new Span(1, 4, 4, 5)),
            new Scalar(Symbol.of("b"), new Span(1, 6, 6, 7))),
            new Span(1, 0, 0, 8)));
  }

  @Test
  void aTaggedElementIsAScalarWhoseSpanCoversTheTag() {
    assertThat(EdnReader.readOne("  #inst \"2026-11-22\"")).isEqualTo(
        new Scalar(Instant.parse("2026-11-22T00:00:00Z"), new Span(1, 2, 2, 20)));
  }

  @Test
  void discardsAndCommentsLeaveNoTraceButPositionsStayTrue() {
    assertThat(EdnReader.readOne("(#_ x ; c\n y)")).isEqualTo(
        new ListForm(List.of(new Scalar(Symbol.of("y"), new Span(2, 1, 11, 12))), new Span(1, 0, 0, 13)));
  }

  @Test
  void positionsCountCodePointsAsAntlrDoes() {
    // "😀" is two Java chars but one code point, so :b starts at column 5, not 6
    assertThat(EdnReader.readOne("[\"😀\" :b]")).isEqualTo(
        new VectorForm(List.of(
            new Scalar("😀", new Span(1, 1, 1, 4)),
            new Scalar(Keyword.of("b"), new Span(1, 5, 5, 7))),
            new Span(1, 0, 0, 8)));
  }

  @Test
  void nilIsAFormOfItsOwn() {
    assertThat(EdnReader.readOne("nil")).isEqualTo(new Nil(new Span(1, 0, 0, 3)));
  }

  @Test
  void readAllReturnsEveryTopLevelFormInOrder() {
    assertThat(EdnReader.readAll("1 :two\n[3] #_ 4 \"five\"")).isEqualTo(List.of(
        new Scalar(1L, new Span(1, 0, 0, 1)),
        new Scalar(Keyword.of("two"), new Span(1, 2, 2, 6)),
        new VectorForm(List.of(new Scalar(3L, new Span(2, 1, 8, 9))), new Span(2, 0, 7, 10)),
        new Scalar("five", new Span(2, 9, 16, 22))));
  }

  @Test
  void readAllOfTextWithoutFormsIsEmpty() {
    assertThat(EdnReader.readAll("")).isEmpty();
    assertThat(EdnReader.readAll(" , ; only a comment\n #_ discarded ")).isEmpty();
  }

  @Test
  void toValueGivesImmutableCollections() {
    Object value = EdnReader.readValue("[(1) #{2} {3 4}]");
    List<?> vector = (List<?>) value;

    assertThat(value).isEqualTo(List.of(List.of(1L), Set.of(2L), Map.of(3L, 4L)));
    assertThatThrownBy(() -> vector.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) vector.get(0)).clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Set<?>) vector.get(1)).clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<?, ?>) vector.get(2)).clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void formsCopyTheListsTheyAreGiven() {
    List<Form> items = new ArrayList<>(List.of(new Scalar(1L, new Span(1, 1, 1, 2))));
    VectorForm vector = new VectorForm(items, new Span(1, 0, 0, 3));
    items.clear();

    assertThat(vector.items()).hasSize(1);
    assertThatThrownBy(() -> vector.items().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aScalarHoldsOnlyTheValueTypesOfEdn() {
    Span span = new Span(1, 0, 0, 1);

    assertThatThrownBy(() -> new Scalar(42, span))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an EDN scalar: java.lang.Integer");
    assertThatThrownBy(() -> new Scalar(null, span)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Span(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toValueRejectsADuplicateInAFormBuiltByHand() {
    Span at = new Span(1, 5, 5, 7);
    SetForm set = new SetForm(List.of(new Scalar(Keyword.of("a"), new Span(1, 2, 2, 4)), new Scalar(Keyword.of("a"), at)),
        new Span(1, 0, 0, 8));

    assertThatThrownBy(set::toValue)
        .isInstanceOf(EdnParseException.class)
        .hasMessage("line 1:5: duplicate element :a in set");
  }

  @Test
  void theAstBuilderRefusesAParseTreeContextItDoesNotKnow() {
    // A context of no labelled alternative stands for one a grammar change might add.
    AstBuilder builder = new AstBuilder(SourceText.NONE);
    CommonToken token = new CommonToken(EdnParser.NIL, "nil");
    token.setLine(1);
    token.setCharPositionInLine(0);
    token.setStartIndex(0);
    token.setStopIndex(2);

    EdnParser.FormContext form = withToken(new EdnParser.FormContext(null, 0), token);
    EdnParser.ItemContext item = withToken(new EdnParser.ItemContext(null, 0), token);
    EdnParser.DiscardContext discard = withToken(new EdnParser.DiscardContext(null, 0), token);

    assertThatThrownBy(() -> builder.form(form))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the EDN AST builder does not handle FormContext; Edn.g4 changed without it");
    assertThatThrownBy(() -> builder.item(item))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the EDN AST builder does not handle ItemContext; Edn.g4 changed without it");
    assertThatThrownBy(() -> builder.discard(discard))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the EDN AST builder does not handle DiscardContext; Edn.g4 changed without it");
  }

  private static <T extends ParserRuleContext> T withToken(T ctx, CommonToken token) {
    ctx.start = token;
    ctx.stop = token;
    return ctx;
  }
}
