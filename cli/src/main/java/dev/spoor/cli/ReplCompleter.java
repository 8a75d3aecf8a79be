package dev.spoor.cli;

import dev.spoor.core.Keyword;
import dev.spoor.query.Attribute;
import dev.spoor.space.Space;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion in the REPL: command names where a command goes (the first word), format
 * names after {@code :format}, and elsewhere the space's attribute idents, the query keywords
 * ({@code :find}, {@code :where}, ...) and the variables already in the input.
 */
final class ReplCompleter implements Completer {
  static final List<String> QUERY_KEYWORDS = List.of(":find", ":in", ":with", ":where", ":keys", ":syms", ":strs",
      ":rules");
  static final List<String> FORMATS = List.of("table", "edn", "json", "csv");

  private final Space space;

  ReplCompleter(Space space) {
    this.space = space;
  }

  @Override
  public void complete(LineReader reader, ParsedLine parsed, List<Candidate> candidates) {
    ReplParser.Line line = parsed instanceof ReplParser.Line l ? l
        : new ReplParser.Line(parsed.line(), parsed.cursor(), ReplInput.words(parsed.line(), parsed.cursor()));
    String word = line.word();
    if (line.atCommandPosition()) {
      if (word.isEmpty() || word.startsWith(":")) {
        for (ReplSession.CommandHelp c : ReplSession.COMMANDS) {
          candidates.add(new Candidate(c.name(), c.name(), "commands", c.help(), null, null, true));
        }
      }
      return;
    }
    if (line.wordIndex() == 1 && line.words().get(0).equals(":format")) {
      FORMATS.forEach(f -> candidates.add(new Candidate(f, f, "formats", null, null, null, true)));
      return;
    }
    if (word.startsWith("?")) {
      Set<String> vars = new TreeSet<>();
      for (int i = 0; i < line.words().size(); i++) {
        String w = line.words().get(i);
        if (i != line.wordIndex() && w.startsWith("?") && w.length() > 1) {
          vars.add(w);
        }
      }
      vars.forEach(v -> candidates.add(new Candidate(v, v, "variables", null, null, null, true)));
      return;
    }
    if (word.isEmpty() || word.startsWith(":")) {
      QUERY_KEYWORDS.forEach(k -> candidates.add(new Candidate(k, k, "query", null, null, null, true)));
      for (String ident : idents()) {
        candidates.add(new Candidate(ident, ident, "attributes", null, null, null, true));
      }
    }
  }

  /** The idents of every attribute the space has now, system ones included. */
  private Set<String> idents() {
    Set<String> idents = new TreeSet<>();
    for (Attribute a : space.db().schema().attributes()) {
      Keyword k = a.ident();
      idents.add(k.toString());
    }
    return idents;
  }
}
