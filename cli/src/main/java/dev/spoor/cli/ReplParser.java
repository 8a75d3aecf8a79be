package dev.spoor.cli;

import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * How JLine sees what a person types in the REPL. Enter on text with a bracket or string still
 * open does not run it: JLine keeps the buffer and shows a continuation prompt, so a query may
 * span lines. For completion, words are split at whitespace, commas and brackets, so
 * {@code [?e :ta} completes {@code :ta}.
 */
final class ReplParser implements Parser {
  /** One line (or multi-line buffer) split into words. */
  record Line(String line, int cursor, ReplInput.Words split) implements CompletingParsedLine {
    @Override
    public String word() {
      return split.currentWord().text();
    }

    @Override
    public int wordCursor() {
      return split.cursorInWord();
    }

    @Override
    public int wordIndex() {
      return split.current();
    }

    @Override
    public List<String> words() {
      return split.words().stream().map(ReplInput.Word::text).toList();
    }

    /** Words need no escaping: completions are idents, commands and variables. */
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor();
    }

    @Override
    public int rawWordLength() {
      return word().length();
    }

    /** Whether the current word comes first in the input: where a command name goes. */
    boolean atCommandPosition() {
      return line.substring(0, split.currentWord().start()).isBlank();
    }
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !ReplInput.isComplete(line)) {
      String missing = ReplInput.missing(line);
      throw new EOFError(-1, cursor, "unclosed " + missing, missing);
    }
    return new Line(line, cursor, ReplInput.words(line, cursor));
  }

  @Override
  public boolean isEscapeChar(char ch) {
    return false;
  }
}
