package dev.spoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables fitted to a terminal's width: the widest columns give way, cut cells end in "…". */
class FormatsTableTest {
  private static String table(int width, List<String> headers, List<List<String>> rows) {
    StringWriter out = new StringWriter();
    PrintWriter pw = new PrintWriter(out);
    Formats.table(headers, rows, pw, width);
    pw.flush();
    return out.toString().replace("\r\n", "\n");
  }

  private static final List<String> HEADERS = List.of("?id", "?title", "?owner");
  private static final List<List<String>> ROWS = List.of(
      List.of("t1", "write the parser for the whole of Datomic's query dialect", "ann"),
      List.of("t2", "short", "bob the builder of indexes"));

  @Test
  void aWideTableIsFittedByNarrowingItsWidestColumns() {
    String fitted = table(40, HEADERS, ROWS);
    assertThat(fitted).isEqualTo("""
        ?id | ?title          | ?owner
        ----+-----------------+-----------------
        t1  | write the pars… | ann
        t2  | short           | bob the builder…
        (2 rows)
        """);
    assertThat(fitted.lines()).allMatch(l -> l.length() <= 40);
  }

  @Test
  void aTableThatFitsAndAnUnlimitedWidthAreLeftAlone() {
    assertThat(table(200, HEADERS, ROWS)).isEqualTo(table(0, HEADERS, ROWS));
    assertThat(table(0, HEADERS, ROWS)).contains("write the parser for the whole of Datomic's query dialect");
  }
}
