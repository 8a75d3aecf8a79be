package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spoor.core.Keyword;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** {@link EdnReader#streamVector}: the elements of one big vector, read one at a time. */
class FormStreamTest {

  @Test
  void yieldsTheElementsOfTheTopLevelVectorInOrder() {
    assertThat(values("[1 {:a 2}\n #_ skipped ; a comment\n [3 \"x\"] nil?]")).isEqualTo(List.of(
        1L, Map.of(Keyword.of("a"), 2L), List.of(3L, "x"), dev.spoor.core.Symbol.of("nil?")));
  }

  @Test
  void elementsKnowTheirPositionInTheWholeText() {
    try (FormStream elements = EdnReader.streamVector(new StringReader("[\n  :a\n  (1)]"))) {
      assertThat(elements.next()).isEqualTo(new Form.Scalar(Keyword.of("a"), new Span(2, 2, 4, 6)));
      assertThat(elements.next()).isEqualTo(
          new Form.ListForm(List.of(new Form.Scalar(1L, new Span(3, 3, 10, 11))), new Span(3, 2, 9, 12)));
      assertThat(elements.hasNext()).isFalse();
    }
  }

  @Test
  void anEmptyVectorHasNoElements() {
    assertThat(values(" ; nothing here\n[ #_ 1 ]\n")).isEmpty();
  }

  @Test
  void anErrorInALaterElementReportsItsTrueLineAndColumn() {
    StringBuilder text = new StringBuilder("[\n");
    for (int i = 0; i < 1000; i++) {
      text.append(i == 800 ? " {:id 800 :id 801}\n" : " {:id " + i + "}\n");
    }
    text.append("]\n");
    List<Object> read = new ArrayList<>();

    try (FormStream elements = EdnReader.streamVector(new StringReader(text.toString()))) {
      EdnParseException e = catchThrowableOfType(
          () -> elements.forEachRemaining(f -> read.add(f.toValue())), EdnParseException.class);

      assertThat(read).hasSize(800);
      assertThat(e.getMessage()).isEqualTo("""
          line 802:10: duplicate key :id in map
           {:id 800 :id 801}
                    ^""");
      assertThat(List.of(e.line(), e.column())).isEqualTo(List.of(802, 10));
      assertThatThrownBy(elements::hasNext).as("the stream stays failed").isSameAs(e);
    }
  }

  @Test
  void aSyntaxErrorInsideAnElementNamesTheInnermostOpenDelimiter() {
    assertThat(messageOf("[[1 2]\n [3 (4]]")).isEqualTo("""
        line 2:6: mismatched input ']' expecting a form or ')' to close the '(' opened at line 2:4
         [3 (4]]
              ^""");
  }

  @Test
  void theInputMustBeOneVector() {
    assertThat(messageOf("{:a 1}")).isEqualTo("""
        line 1:0: mismatched input '{' expecting '[' (the input must be one vector of forms)
        {:a 1}
        ^""");
    assertThat(messageOf("  ")).isEqualTo("""
        line 1:2: input is empty: expected one vector of forms
         \s
          ^""");
    assertThat(messageOf("[1 2]\n[3]")).isEqualTo("""
        line 2:0: extraneous input '[' after the top-level vector
        [3]
        ^""");
    assertThat(messageOf("[1 2] \"two\nlines\"")).isEqualTo("""
        line 1:6: extraneous input '"two\\nlines"' after the top-level vector
        [1 2] "two
              ^""");
    assertThat(messageOf("[1 2]]")).isEqualTo("""
        line 1:5: unmatched delimiter ']'
        [1 2]]
             ^""");
  }

  @Test
  void theVectorMustBeClosed() {
    assertThat(messageOf("[1\n 2")).isEqualTo("""
        line 2:2: unexpected end of input: unclosed '[' opened at line 1:0
         2
          ^""");
    assertThat(messageOf("[1 2 )")).isEqualTo("""
        line 1:5: mismatched input ')' expecting a form or ']' to close the '[' opened at line 1:0
        [1 2 )
             ^""");
  }

  @Test
  void aLongSingleLineFileShowsTheTextAroundTheError() {
    String text = "[" + "{:a 1} ".repeat(20_000) + "{:a 1 :a 2}]";

    assertThat(messageOf(text)).isEqualTo("line 1:140007: duplicate key :a in map\n"
        + "..." + "a 1} " + "{:a 1} ".repeat(7) + "{:a 1 " + ":a 2}]\n"
        + " ".repeat(63) + "^");
  }

  @Test
  void theExcerptIsLeftOutWhenTheElementStartsTooFarBehindTheReader() {
    String text = "[{:big \"" + "x".repeat(StreamCharStream.RING) + "\" :odd}]";

    assertThat(messageOf(text)).isEqualTo("line 1:1: map literal must have an even number of forms, found 3");
  }

  @Test
  void readsLazilyFromTheReader() {
    CountingReader reader = new CountingReader(1_000_000);

    try (FormStream elements = EdnReader.streamVector(reader)) {
      for (int i = 0; i < 10; i++) {
        assertThat(elements.next().toValue()).isEqualTo(List.of((long) i, "element"));
      }
      assertThat(reader.served).as("chars read for 10 of a million elements").isLessThan(100_000);
    }
    assertThat(reader.closed).as("closing the stream closes the reader").isTrue();
  }

  @Test
  void aByteOrderMarkAtTheStartIsNotPartOfTheText() {
    try (FormStream elements = EdnReader.streamVector(new StringReader("\uFEFF[:a]"))) {
      assertThat(elements.next()).isEqualTo(new Form.Scalar(Keyword.of("a"), new Span(1, 1, 1, 3)));
    }
  }

  @Test
  void positionsCountCodePoints() {
    try (FormStream elements = EdnReader.streamVector(new StringReader("[\"😀\" :b \"\ud800\"]"))) {
      elements.next();
      assertThat(elements.next()).isEqualTo(new Form.Scalar(Keyword.of("b"), new Span(1, 5, 5, 7)));
      assertThat(elements.next().toValue()).as("an unpaired surrogate, as a Java string may hold").isEqualTo("\ud800");
    }
  }

  @Test
  void nextAfterTheLastElementThrowsNoSuchElement() {
    try (FormStream elements = EdnReader.streamVector(new StringReader("[1]"))) {
      elements.next();
      assertThat(elements.hasNext()).isFalse();
      assertThatThrownBy(elements::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void aClosedStreamHasNoMoreElements() {
    FormStream elements = EdnReader.streamVector(new StringReader("[1 2 3]"));
    elements.next();
    elements.close();

    assertThat(elements.hasNext()).isFalse();
  }

  @Test
  void readerFailuresSurfaceUnchecked() {
    Reader failing = new Reader() {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        throw new IOException("disk on fire");
      }

      @Override
      public void close() {}
    };

    try (FormStream elements = EdnReader.streamVector(failing)) {
      assertThatThrownBy(elements::hasNext).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("disk on fire");
    }
  }

  private static List<Object> values(String text) {
    List<Object> values = new ArrayList<>();
    try (FormStream elements = EdnReader.streamVector(new StringReader(text))) {
      elements.forEachRemaining(form -> values.add(form.toValue()));
    }
    return values;
  }

  private static String messageOf(String text) {
    EdnParseException e = catchThrowableOfType(() -> values(text), EdnParseException.class);
    assertThat(e).as("an EdnParseException for %s", text.length() > 50 ? text.substring(0, 50) + "..." : text).isNotNull();
    return e.getMessage();
  }

  /** Serves {@code [[0 "element"] [1 "element"] ...]} on demand and counts what it served. */
  private static final class CountingReader extends Reader {
    private final int elements;
    private final StringBuilder pending = new StringBuilder("[");
    private int next;
    long served;
    boolean closed;

    CountingReader(int elements) {
      this.elements = elements;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      while (pending.length() < length && next <= elements) {
        pending.append(next < elements ? "[" + next + " \"element\"]\n" : "]");
        next++;
      }
      if (pending.length() == 0) {
        return -1;
      }
      int n = Math.min(length, pending.length());
      pending.getChars(0, n, buffer, offset);
      pending.delete(0, n);
      served += n;
      return n;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
