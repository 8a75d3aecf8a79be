package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.spoor.core.Keyword;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact message of each kind of error: {@code line L:C: problem}, the source line and a
 * caret under the column. The text is part of the contract.
 */
class ErrorMessagesTest {

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        arguments("a closing delimiter of the wrong kind", "[:a (:b ]]", """
            line 1:8: mismatched input ']' expecting a form or ')' to close the '(' opened at line 1:4
            [:a (:b ]]
                    ^"""),
        arguments("a closing brace for a list", "(1 2}", """
            line 1:4: mismatched input '}' expecting a form or ')' to close the '(' opened at line 1:0
            (1 2}
                ^"""),
        arguments("a closing delimiter with nothing open", "[1 2]]", """
            line 1:5: unmatched delimiter ']'
            [1 2]]
                 ^"""),
        arguments("input ending inside a vector", "[1 2", """
            line 1:4: unexpected end of input: unclosed '[' opened at line 1:0
            [1 2
                ^"""),
        arguments("input ending inside nested collections names the innermost", "{:a [1\n  (2\n   3", """
            line 3:4: unexpected end of input: unclosed '(' opened at line 2:2
               3
                ^"""),
        arguments("input ending inside a set", "#{1", """
            line 1:3: unexpected end of input: unclosed '#{' opened at line 1:0
            #{1
               ^"""),
        arguments("an unterminated string", "[\"abc", """
            line 1:1: unterminated string
            ["abc
             ^"""),
        arguments("an odd map", "{:a 1 :b}", """
            line 1:0: map literal must have an even number of forms, found 3
            {:a 1 :b}
            ^"""),
        arguments("a duplicate map key", "{:a 1\n :a 2}", """
            line 2:1: duplicate key :a in map
             :a 2}
             ^"""),
        arguments("a duplicate map key nil", "{nil 1 nil 2}", """
            line 1:7: duplicate key nil in map
            {nil 1 nil 2}
                   ^"""),
        arguments("a duplicate set element", "#{1 2 1}", """
            line 1:6: duplicate element 1 in set
            #{1 2 1}
                  ^"""),
        arguments("a list and a vector with the same elements are the same set element", "#{[1 2] (1 2)}", """
            line 1:8: duplicate element [1 2] in set
            #{[1 2] (1 2)}
                    ^"""),
        arguments("an unknown tag", "[#foo 1]", """
            line 1:1: unknown tag #foo (Spoor reads #inst, #uuid and #spoor/bytes)
            [#foo 1]
             ^"""),
        arguments("an unknown tag, even in a discarded form", "#_ #my/tag 1 2", """
            line 1:3: unknown tag #my/tag (Spoor reads #inst, #uuid and #spoor/bytes)
            #_ #my/tag 1 2
               ^"""),
        arguments("an invalid month", "#inst \"2026-13-01\"", """
            line 1:6: invalid #inst "2026-13-01": month must be between 1 and 12, got 13
            #inst "2026-13-01"
                  ^"""),
        arguments("an invalid day", "#inst \"2026-02-29\"", """
            line 1:6: invalid #inst "2026-02-29": day must be between 1 and 28 in 2026-02, got 29
            #inst "2026-02-29"
                  ^"""),
        arguments("an invalid hour", "#inst \"2026-11-22T24:00:00Z\"", """
            line 1:6: invalid #inst "2026-11-22T24:00:00Z": hour must be between 0 and 23, got 24
            #inst "2026-11-22T24:00:00Z"
                  ^"""),
        arguments("a timestamp in another format", "#inst \"22/11/2026\"", """
            line 1:6: invalid #inst "22/11/2026": expected an RFC 3339 timestamp such as "2026-11-22T10:00:00Z" or "2026-11-22"
            #inst "22/11/2026"
                  ^"""),
        arguments("a tag on something not a string", "#inst 5", """
            line 1:6: expected a string after #inst, found an integer
            #inst 5
                  ^"""),
        arguments("an invalid uuid", "#uuid \"1-2-3-4-5\"", """
            line 1:6: invalid #uuid "1-2-3-4-5": expected 32 hexadecimal digits in groups of 8-4-4-4-12
            #uuid "1-2-3-4-5"
                  ^"""),
        arguments("invalid base64", "#spoor/bytes \"***\"", """
            line 1:13: invalid #spoor/bytes "***": expected Base64 (RFC 4648: A-Z a-z 0-9 + / and = padding)
            #spoor/bytes "***"
                         ^"""),
        arguments("a long invalid tagged string is cut", "#uuid \"" + "x".repeat(50) + "\"", """
            line 1:6: invalid #uuid "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"...: expected 32 hexadecimal digits in groups of 8-4-4-4-12
            #uuid "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                  ^"""),
        arguments("#_ at the end of a vector", "[1 #_]", """
            line 1:5: mismatched input ']' expecting a form to discard after #_
            [1 #_]
                 ^"""),
        arguments("#_ at the end of input", "1 #_", """
            line 1:4: unexpected end of input: #_ must be followed by a form to discard
            1 #_
                ^"""),
        arguments("a tag at the end of a vector", "[#inst ]", """
            line 1:7: mismatched input ']' expecting a form after #inst
            [#inst ]
                   ^"""),
        arguments("a tag at the end of input", "#uuid", """
            line 1:5: unexpected end of input: #uuid must be followed by a form
            #uuid
                 ^"""),
        arguments("a number with a leading zero", "[007]", """
            line 1:1: invalid number 007
            [007]
             ^"""),
        arguments("a hexadecimal number", "0x1F", """
            line 1:0: invalid number 0x1F
            0x1F
            ^"""),
        arguments("a number with two points", "1.5.5", """
            line 1:0: invalid number 1.5.5
            1.5.5
            ^"""),
        arguments("a ratio", "1/2", """
            line 1:0: invalid number 1/2
            1/2
            ^"""),
        arguments("a symbol with two slashes", "a/b/c", """
            line 1:0: invalid symbol a/b/c
            a/b/c
            ^"""),
        arguments("a symbol ending in a slash", "foo/", """
            line 1:0: invalid symbol foo/
            foo/
            ^"""),
        arguments("an auto-resolved keyword", "::a", """
            line 1:0: invalid keyword ::a
            ::a
            ^"""),
        arguments("a lone colon", "[: a]", """
            line 1:1: invalid keyword :
            [: a]
             ^"""),
        arguments("an unknown character name", "\\abc", """
            line 1:0: unsupported character \\abc (EDN has \\c, \\newline, \\space, \\tab, \\return, \\backspace, \\formfeed and \\uXXXX)
            \\abc
            ^"""),
        arguments("a character outside the basic multilingual plane", "\\😀", """
            line 1:0: character \\😀 does not fit in a Java char (it is outside the Basic Multilingual Plane); use a string
            \\😀
            ^"""),
        arguments("a backslash with no character", "[\\ ]", """
            line 1:1: incomplete character literal: '\\' must be followed by a character, as in \\a or \\space
            [\\ ]
             ^"""),
        arguments("an unknown string escape", "\"tab\\qx\"", """
            line 1:4: invalid escape \\q in string (EDN has \\" \\\\ \\n \\t \\r \\b \\f and \\uXXXX)
            "tab\\qx"
                ^"""),
        arguments("a short unicode escape on a later line of a string", "\"line one\nsay \\u12\"", """
            line 2:4: invalid unicode escape in string: \\u must be followed by 4 hexadecimal digits
            say \\u12"
                ^"""),
        arguments("an unknown symbolic value", "##Infinity", """
            line 1:0: unknown symbolic value ##Infinity (EDN has ##Inf, ##-Inf and ##NaN)
            ##Infinity
            ^"""),
        arguments("a Clojure function literal", "#(+ 1 2)", """
            line 1:0: unexpected character '#' (EDN uses '#' only in #{...} sets, #_ discards, ##Inf, ##-Inf, ##NaN and tags such as #inst)
            #(+ 1 2)
            ^"""),
        arguments("a Clojure namespaced map", "#:ns{:a 1}", """
            line 1:0: unsupported dispatch #:ns (EDN uses '#' only in #{...} sets, #_ discards, ##Inf, ##-Inf, ##NaN and tags such as #inst)
            #:ns{:a 1}
            ^"""),
        arguments("a tag with two slashes", "#a/b/c 1", """
            line 1:0: invalid tag #a/b/c (EDN uses '#' only in #{...} sets, #_ discards, ##Inf, ##-Inf, ##NaN and tags such as #inst)
            #a/b/c 1
            ^"""),
        arguments("Clojure metadata", "^:private x", """
            line 1:0: unexpected character '^'
            ^:private x
            ^"""),
        arguments("a control character", "[1 \u0001]", """
            line 1:3: unexpected character U+0001
            [1 \u0001]
               ^"""),
        arguments("an invisible character is named by its code", "[\u00a0]", """
            line 1:1: unexpected character U+00A0
            [\u00a0]
             ^"""),
        arguments("an error after tabs keeps the tabs under the caret", "{\t:a\t1\n\t:b}", """
            line 1:0: map literal must have an even number of forms, found 3
            {\t:a\t1
            ^"""),
        arguments("tabs before the caret", "[\t1\t]]", "line 1:5: unmatched delimiter ']'\n[\t1\t]]\n \t \t ^"),
        arguments("a very long line is cut around the column", "[" + "1 ".repeat(100) + ")" + " 2".repeat(100) + "]",
            "line 1:201: mismatched input ')' expecting a form or ']' to close the '[' opened at line 1:0\n"
            + "..." + "1 ".repeat(30) + ")" + " 2".repeat(29) + " ...\n"
            + " ".repeat(63) + "^"),
        arguments("windows line endings stay out of the excerpt", "[1\r\n 2\r\n", """
            line 3:0: unexpected end of input: unclosed '[' opened at line 1:0

            ^"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void eachSyntaxErrorHasAnExactMessage(String kind, String text, String message) {
    EdnParseException e = catchThrowableOfType(() -> EdnReader.readAll(text), EdnParseException.class);

    assertThat(e).as("reading %s", text).isNotNull();
    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(e.code()).isEqualTo(Keyword.of("edn/syntax"));
    assertThat("line " + e.line() + ":" + e.column() + ": " + e.problem()).isEqualTo(message.lines().findFirst().orElseThrow());
  }

  @Test
  void readOneRejectsEmptyInput() {
    assertThat(messageOf(() -> EdnReader.readOne(""))).isEqualTo("""
        line 1:0: input is empty: expected one form

        ^""");
    assertThat(messageOf(() -> EdnReader.readOne("; nothing but a comment\n#_ discarded"))).isEqualTo("""
        line 2:12: input is empty: expected one form
        #_ discarded
                    ^""");
  }

  @Test
  void readOneRejectsASecondFormAtItsStart() {
    assertThat(messageOf(() -> EdnReader.readOne("[1 2] #_ x\n  [3"))).isEqualTo("""
        line 2:2: expected exactly one form, found another
          [3
          ^""");
  }

  @Test
  void readOneReportsAStrayDelimiterAsUnmatched() {
    assertThat(messageOf(() -> EdnReader.readOne("{:a 1}}"))).isEqualTo("""
        line 1:6: unmatched delimiter '}'
        {:a 1}}
              ^""");
  }

  @Test
  void nilHasNoJavaValueAndTheErrorPointsAtIt() {
    EdnParseException e = catchThrowableOfType(() -> EdnReader.readValue("{:a 1\n :b [2 nil]}"), EdnParseException.class);

    assertThat(e.code()).isEqualTo(Keyword.of("edn/nil"));
    assertThat(e.getMessage()).isEqualTo("""
        line 2:7: nil is not a value here (Spoor's Java values have no null)
         :b [2 nil]}
               ^""");
  }

  @Test
  void nilFromAFormAloneHasThePositionButNoExcerpt() {
    Form form = EdnReader.readOne("[1\n  nil]");

    assertThat(messageOf(form::toValue)).isEqualTo("line 2:2: nil is not a value here (Spoor's Java values have no null)");
  }

  @Test
  void errorsAreNeverPrintedToStandardError() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      syntaxErrors().forEach(args -> messageOf(() -> EdnReader.readAll((String) args.get()[1])));
    } finally {
      System.setErr(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static String messageOf(Runnable read) {
    EdnParseException e = catchThrowableOfType(read::run, EdnParseException.class);
    assertThat(e).as("an EdnParseException").isNotNull();
    return e.getMessage();
  }
}
