package dev.spoor.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What the REPL needs to know about text a person is typing, before any real parsing: whether
 * it is complete (every bracket closed, no string left open), and where its words are (for
 * completion). It reads EDN's lexical rules only: strings with escapes, {@code ;} comments,
 * character literals such as {@code \(}, and the brackets {@code ( [ {} (and {@code #{}).
 * An unmatched closing bracket counts as complete, so the parser can point at it.
 */
final class ReplInput {
  /** A word of the input: a run of characters between whitespace, commas and brackets. */
  record Word(String text, int start) {
    int end() {
      return start + text.length();
    }
  }

  /**
   * The input split for completion: its words, and the word the cursor is in (or an empty word
   * at the cursor when it stands between words).
   */
  record Words(List<Word> words, int current, int cursorInWord) {
    Words {
      words = List.copyOf(words);
    }

    Word currentWord() {
      return words.get(current);
    }
  }

  private ReplInput() {}

  /** The brackets still open at the end of {@code text}, innermost last, e.g. {@code "[("}. */
  static String openBrackets(String text) {
    StringBuilder open = new StringBuilder();
    Scanner s = new Scanner(text);
    while (s.next()) {
      if (s.kind == Kind.OPEN) {
        open.append(s.bracket);
      } else if (s.kind == Kind.CLOSE && open.length() > 0) {
        open.setLength(open.length() - 1);
      }
    }
    return open.toString();
  }

  /** Whether {@code text} ends inside a string. */
  static boolean inString(String text) {
    Scanner s = new Scanner(text);
    while (s.next()) {
      // scan to the end
    }
    return s.inString;
  }

  /** Whether {@code text} is ready to run: no bracket and no string left open. */
  static boolean isComplete(String text) {
    return openBrackets(text).isEmpty() && !inString(text);
  }

  /** The closing brackets {@code text} still needs, outermost last, e.g. {@code ")]"}. */
  static String missing(String text) {
    String open = openBrackets(text);
    StringBuilder closers = new StringBuilder();
    for (int i = open.length() - 1; i >= 0; i--) {
      char c = open.charAt(i);
      closers.append(c == '(' ? ')' : c == '[' ? ']' : '}');
    }
    return inString(text) ? "\"" + closers : closers.toString();
  }

  /** Splits {@code text} into words and finds the one at {@code cursor}. */
  static Words words(String text, int cursor) {
    List<Word> words = new ArrayList<>();
    Scanner s = new Scanner(text);
    while (s.next()) {
      if (s.kind == Kind.WORD) {
        words.add(new Word(text.substring(s.start, s.end), s.start));
      }
    }
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      if (cursor >= w.start() && cursor <= w.end()) {
        return new Words(words, i, cursor - w.start());
      }
    }
    int at = 0;
    while (at < words.size() && words.get(at).start() < cursor) {
      at++;
    }
    words.add(at, new Word("", cursor));
    return new Words(words, at, 0);
  }

  private enum Kind { WORD, OPEN, CLOSE, STRING }

  /** A lexer over EDN text that yields words, brackets and strings, skipping the rest. */
  private static final class Scanner {
    private final String text;
    private int pos;
    Kind kind;
    int start;
    int end;
    char bracket;
    boolean inString;

    Scanner(String text) {
      this.text = text;
    }

    boolean next() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        start = pos;
        if (Character.isWhitespace(c) || c == ',') {
          pos++;
        } else if (c == ';') {
          while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
          }
        } else if (c == '"') {
          pos++;
          inString = true;
          while (pos < text.length()) {
            char d = text.charAt(pos++);
            if (d == '\\') {
              pos++;
            } else if (d == '"') {
              inString = false;
              break;
            }
          }
          pos = Math.min(pos, text.length());
          end = pos;
          kind = Kind.STRING;
          return true;
        } else if (c == '(' || c == '[' || c == '{') {
          pos++;
          end = pos;
          bracket = c;
          kind = Kind.OPEN;
          return true;
        } else if (c == ')' || c == ']' || c == '}') {
          pos++;
          end = pos;
          bracket = c;
          kind = Kind.CLOSE;
          return true;
        } else if (c == '#' && pos + 1 < text.length() && text.charAt(pos + 1) == '{') {
          pos += 2;
          end = pos;
          bracket = '{';
          kind = Kind.OPEN;
          return true;
        } else {
          // a word; a character literal such as \( or \space is one too
          if (c == '\\') {
            pos = Math.min(pos + 2, text.length());
          }
          while (pos < text.length() && !delimiter(text.charAt(pos))) {
            pos++;
          }
          end = pos;
          kind = Kind.WORD;
          return true;
        }
      }
      return false;
    }

    private static boolean delimiter(char c) {
      return Character.isWhitespace(c) || c == ',' || c == '(' || c == ')' || c == '[' || c == ']'
          || c == '{' || c == '}' || c == '"' || c == ';';
    }
  }
}
