package dev.spoor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spoor.space.Space;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spoor repl} as a person uses it: a real JVM on a pseudo-terminal made by util-linux
 * {@code script}, keys typed into it, and what it draws read back (escape sequences removed).
 * {@code script} is part of util-linux, on every Linux this builds on; a machine without it fails
 * here rather than skipping.
 */
class ReplPtyTest {
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(45);
  /** Up arrow as a terminal sends it in application mode, which JLine turns on (terminfo key_up). */
  private static final String UP = "\u001bOA";
  private static final String TAB = "\t";
  private static final String ENTER = "\r";
  private static final String CTRL_C = "\u0003";
  private static final String CTRL_D = "\u0004";
  /** Transitive closure over a chain of this many nodes: about a minute here, one round per node. */
  private static final int CHAIN = 2000;

  @TempDir Path tmp;

  Path space() {
    return tmp.resolve("space");
  }

  Path history() {
    return tmp.resolve("history");
  }

  /** t 1: schema; t 2: two tasks; t 3: t1 done; t 4: a chain of nodes for a slow query. */
  @BeforeEach
  void tasks() {
    try (Space s = Space.open(space())) {
      s.transact("""
          [{:db/ident :task/id :db/valueType :db.type/string :db/cardinality :db.cardinality/one
            :db/unique :db.unique/identity}
           {:db/ident :task/status :db/valueType :db.type/keyword :db/cardinality :db.cardinality/one}
           {:db/ident :node/id :db/valueType :db.type/long :db/cardinality :db.cardinality/one
            :db/unique :db.unique/identity}
           {:db/ident :node/next :db/valueType :db.type/ref :db/cardinality :db.cardinality/one}]""");
      s.transact("[{:task/id \"t1\" :task/status :open} {:task/id \"t2\" :task/status :open}]");
      s.transact("[[:db/add [:task/id \"t1\"] :task/status :done]]");
      StringBuilder chain = new StringBuilder("[");
      for (int i = 0; i < CHAIN; i++) {
        chain.append("{:db/id \"n").append(i).append("\" :node/id ").append(i).append(" :node/next \"n").append(i + 1)
            .append("\"}");
      }
      s.transact(chain.append("{:db/id \"n").append(CHAIN).append("\" :node/id ").append(CHAIN).append("}]").toString());
    }
  }

  @Test
  void aPersonTypesCompletesMakesMistakesTravelsInTimeAndCancels() throws Exception {
    try (Pty pty = Pty.repl(space(), history())) {
      pty.await("spoor> ", START);

      // a query gives a table with its row count and time
      pty.type("[:find ?id ?s :where [?e :task/id ?id] [?e :task/status ?s]]" + ENTER);
      String table = pty.await("ms)", WAIT);
      assertThat(table).contains("?id | ?s", "t1  | :done", "t2  | :open").containsPattern("\\(2 rows, \\d+ ms\\)");
      pty.await("spoor> ", WAIT);

      // Enter with a bracket open waits for more
      pty.type("[:find ?id" + ENTER);
      pty.await("...> ", WAIT);
      pty.type(" :where [?e :task/status :open] [?e :task/id ?id]]" + ENTER);
      assertThat(pty.await("ms)", WAIT)).contains("t2").containsPattern("\\(1 row, \\d+ ms\\)").doesNotContain("t1 ");
      pty.await("spoor> ", WAIT);

      // Tab completes a command...
      pty.type(":sch" + TAB);
      pty.await(":schema", WAIT);
      pty.type(ENTER);
      assertThat(pty.await("(4 rows)", WAIT)).contains("ident", "cardinality", ":node/next", ":task/status");
      pty.await("spoor> ", WAIT);

      // ... and attribute idents: ":ta" extends to the common ":task/", and lists both
      pty.type("[:find ?e :where [?e :ta" + TAB);
      assertThat(pty.await(":task/status", WAIT)).contains(":task/id");
      pty.type("st" + TAB);
      pty.type(":done]]" + ENTER);
      assertThat(pty.await("ms)", WAIT)).contains("(1 row,"); // :task/id would give 2
      pty.await("spoor> ", WAIT);

      // a mistake shows where, and the session goes on
      pty.type("[:find ?x :where [?e :task/id ?id]]" + ENTER);
      assertThat(pty.await("^", WAIT)).contains("error: line 1:7: variable ?x in :find is not bound",
          "\n       ^");
      pty.await("spoor> ", WAIT);

      // the view shows in the prompt, and queries see the past
      pty.type(":as-of 2" + ENTER);
      pty.await("spoor as-of 2> ", WAIT);
      pty.type("[:find ?s . :where [?e :task/id \"t1\"] [?e :task/status ?s]]" + ENTER);
      assertThat(pty.await("(1 row", WAIT)).contains(":open");
      pty.await("spoor as-of 2> ", WAIT);
      pty.type(":now" + ENTER);
      pty.await("spoor> ", WAIT);

      // Ctrl-C stops a slow query and brings the prompt back
      pty.type("[:find (count ?b) . :rules [(reach ?a ?b) [?a :node/next ?b]]"
          + " [(reach ?a ?b) [?a :node/next ?m] (reach ?m ?b)] :where (reach ?a ?b)]" + ENTER);
      Thread.sleep(1500);
      assertThat(pty.sinceMark()).doesNotContain("row");
      pty.type(CTRL_C);
      assertThat(pty.await("spoor> ", Duration.ofSeconds(15))).contains("query cancelled").doesNotContain("row");
      pty.type("[:find (count ?n) . :where [?n :node/id]]" + ENTER);
      assertThat(pty.await("ms)", WAIT)).contains(String.valueOf(CHAIN + 1));
      pty.await("spoor> ", WAIT);

      pty.type(":quit" + ENTER);
      assertThat(pty.exitCode()).isZero();
    }
  }

  @Test
  void historyIsKeptAcrossSessions() throws Exception {
    try (Pty pty = Pty.repl(space(), history())) {
      pty.await("spoor> ", START);
      pty.type("[:find (count ?e) . :where [?e :task/id]]" + ENTER);
      pty.await("ms)", WAIT);
      pty.await("spoor> ", WAIT);
      pty.type(CTRL_D);
      assertThat(pty.exitCode()).isZero();
    }
    assertThat(Files.readString(history())).contains("[:find (count ?e) . :where [?e :task/id]]");
    try (Pty pty = Pty.repl(space(), history())) {
      pty.await("spoor> ", START);
      pty.type(UP);
      pty.await("[?e :task/id]]", WAIT);
      pty.type(ENTER);
      assertThat(pty.await("ms)", WAIT)).contains("(count ?e)", "2");
      pty.await("spoor> ", WAIT);
      pty.type(":quit" + ENTER);
      assertThat(pty.exitCode()).isZero();
    }
  }

  /** A process on a pseudo-terminal of {@code script}: keys go in, the screen's text comes out. */
  static final class Pty implements AutoCloseable {
    private static final Pattern ESCAPES = Pattern.compile(
        "\u001b\\[[0-?]*[ -/]*[@-~]" // CSI: cursor movement, colours, erasing
            + "|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)" // OSC: titles
            + "|\u001b[()#][0-9A-Za-z]|\u001b[=>78DEHMc]" // charsets, keypad modes
            + "|\r|\u0007");

    private final Process process;
    private final StringBuffer raw = new StringBuffer();
    private final Thread pump;
    private int mark;

    private Pty(List<String> command) throws IOException {
      StringBuilder shell = new StringBuilder("stty cols 120 rows 40; exec");
      for (String part : command) {
        shell.append(" '").append(part.replace("'", "'\\''")).append('\'');
      }
      ProcessBuilder pb = new ProcessBuilder("script", "-qfec", shell.toString(), "/dev/null")
          .redirectErrorStream(true);
      pb.environment().put("TERM", "xterm-256color");
      pb.environment().put("SHELL", "/bin/sh");
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new IOException("cannot run script (util-linux), which makes the pseudo-terminal: " + e.getMessage(), e);
      }
      pump = new Thread(() -> {
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
          char[] buf = new char[4096];
          for (int n; (n = in.read(buf)) > 0; ) {
            raw.append(buf, 0, n);
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "pty-reader");
      pump.setDaemon(true);
      pump.start();
    }

    /** {@code spoor repl} in a JVM of its own, with this test's classpath and Chronicle's flags. */
    static Pty repl(Path space, Path history) throws IOException {
      List<String> cmd = SpoorJvm.command("512m", "repl", "--space", space.toString(), "--history",
          history.toString());
      return new Pty(cmd);
    }

    void type(String keys) throws IOException {
      mark = screen().length();
      OutputStream in = process.getOutputStream();
      in.write(keys.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** Everything drawn so far, as text. */
    String screen() {
      return ESCAPES.matcher(raw).replaceAll("");
    }

    /** The text drawn since the last keys were typed, or since the last text awaited. */
    String sinceMark() {
      String screen = screen();
      return screen.substring(Math.min(mark, screen.length()));
    }

    /**
     * Waits until the text drawn since the mark contains {@code expected}, returns that text, and
     * moves the mark past it; fails with the screen's text if it does not come within {@code timeout}.
     */
    String await(String expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        String text = sinceMark();
        int at = text.indexOf(expected);
        if (at >= 0) {
          mark += at + expected.length();
          return text.substring(0, at + expected.length());
        }
        if (!process.isAlive() && !pump.isAlive()) {
          break;
        }
        Thread.sleep(50);
      }
      return fail("waited %s for \"%s\"; the terminal shows, since the last keys:%n%s%n--- everything:%n%s",
          timeout, expected, sinceMark(), screen());
    }

    int exitCode() throws InterruptedException {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        fail("the REPL did not exit; the terminal shows:%n%s", screen());
      }
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
  }
}
