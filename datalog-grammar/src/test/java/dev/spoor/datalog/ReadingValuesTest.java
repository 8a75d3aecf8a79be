package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.spoor.core.Bytes;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every EDN construct, as text and the whole Java value it reads as. */
class ReadingValuesTest {

  static Stream<Arguments> booleansAndStrings() {
    return Stream.of(
        arguments("true", true),
        arguments("false", false),
        arguments("\"hello\"", "hello"),
        arguments("\"\"", ""),
        arguments("\"quote \\\" backslash \\\\ newline \\n tab \\t return \\r backspace \\b formfeed \\f\"",
            "quote \" backslash \\ newline \n tab \t return \r backspace \b formfeed \f"),
        arguments("\"\\u00e9t\\u00C9 \\u0041\"", "étÉ A"),
        arguments("\"spans\ntwo lines\"", "spans\ntwo lines"),
        arguments("\"; not a comment, #_ not a discard\"", "; not a comment, #_ not a discard"),
        arguments("\"emoji 😀 and ü\"", "emoji 😀 and ü"));
  }

  static Stream<Arguments> characters() {
    return Stream.of(
        arguments("\\a", 'a'),
        arguments("\\Z", 'Z'),
        arguments("\\7", '7'),
        arguments("\\é", 'é'),
        arguments("\\newline", '\n'),
        arguments("\\space", ' '),
        arguments("\\tab", '\t'),
        arguments("\\return", '\r'),
        arguments("\\backspace", '\b'),
        arguments("\\formfeed", '\f'),
        arguments("\\u00e9", 'é'),
        arguments("\\u0041", 'A'),
        arguments("\\u", 'u'),
        arguments("\\n", 'n'),
        arguments("\\\\", '\\'),
        arguments("\\\"", '"'),
        arguments("\\(", '('),
        arguments("\\;", ';'),
        arguments("\\,", ','),
        arguments("\\#", '#'));
  }

  static Stream<Arguments> numbers() {
    return Stream.of(
        arguments("0", 0L),
        arguments("42", 42L),
        arguments("-7", -7L),
        arguments("+8", 8L),
        arguments("-0", 0L),
        arguments("9223372036854775807", Long.MAX_VALUE),
        arguments("-9223372036854775808", Long.MIN_VALUE),
        arguments("9223372036854775808", new BigInteger("9223372036854775808")),
        arguments("-9223372036854775809", new BigInteger("-9223372036854775809")),
        arguments("123456789012345678901234567890", new BigInteger("123456789012345678901234567890")),
        arguments("7N", BigInteger.valueOf(7)),
        arguments("-7N", BigInteger.valueOf(-7)),
        arguments("1.5", 1.5),
        arguments("-0.25", -0.25),
        arguments("-0.0", -0.0),
        arguments("1e3", 1000.0),
        arguments("2.5E-3", 0.0025),
        arguments("2.0e+2", 200.0),
        arguments("1.", 1.0),
        arguments("1e400", Double.POSITIVE_INFINITY),
        arguments("1.5M", new BigDecimal("1.5")),
        arguments("1.50M", new BigDecimal("1.50")),
        arguments("7M", new BigDecimal("7")),
        arguments("-1.5e10M", new BigDecimal("-1.5e10")),
        arguments("##Inf", Double.POSITIVE_INFINITY),
        arguments("##-Inf", Double.NEGATIVE_INFINITY),
        arguments("##NaN", Double.NaN));
  }

  static Stream<Arguments> symbolsAndKeywords() {
    Stream<Arguments> symbols = Stream.of("?e", "_", "...", "/", "+", "-", "<=", "not=", "->", "->>",
            "ns/name", "clojure.string/blank?", "a.b.c", "*ns*", "foo'", "-a", "+a", ".a", "nil?",
            "truey", "falsehood", "x1", "a#", "a:b", "é", "$%&!")
        .map(s -> arguments(s, Symbol.of(s)));
    Stream<Arguments> keywords = Stream.of("a", "ns/name", "db.type/long", "db/id", "a-b?", "nil",
            "true", "-", "+", "...", "a.b/c.d", "x1")
        .map(k -> arguments(":" + k, Keyword.of(k)));
    return Stream.concat(symbols, keywords);
  }

  static Stream<Arguments> collections() {
    return Stream.of(
        arguments("()", List.of()),
        arguments("[]", List.of()),
        arguments("{}", Map.of()),
        arguments("#{}", Set.of()),
        arguments("(1 2 3)", List.of(1L, 2L, 3L)),
        arguments("[1 [2 (3 \"x\")]]", List.of(1L, List.of(2L, List.of(3L, "x")))),
        arguments("{:a 1 :b [2]}", Map.of(Keyword.of("a"), 1L, Keyword.of("b"), List.of(2L))),
        arguments("#{:a :b}", Set.of(Keyword.of("a"), Keyword.of("b"))),
        arguments("{[1 2] #{:x} {:k :v} (3)}",
            Map.of(List.of(1L, 2L), Set.of(Keyword.of("x")), Map.of(Keyword.of("k"), Keyword.of("v")), List.of(3L))),
        arguments("[:find ?e :where [?e :task/status :open]]",
            List.of(Keyword.of("find"), Symbol.of("?e"), Keyword.of("where"),
                List.of(Symbol.of("?e"), Keyword.of("task/status"), Keyword.of("open")))),
        arguments("{1 :long 1N :bigint 1.0 :double 1M :bigdec}",
            Map.of(1L, Keyword.of("long"), BigInteger.ONE, Keyword.of("bigint"), 1.0, Keyword.of("double"),
                BigDecimal.ONE, Keyword.of("bigdec"))));
  }

  static Stream<Arguments> taggedElements() {
    return Stream.of(
        arguments("#inst \"2026-11-22\"", Instant.parse("2026-11-22T00:00:00Z")),
        arguments("#inst \"2026-11-22T10:00:00Z\"", Instant.parse("2026-11-22T10:00:00Z")),
        arguments("#inst \"2026-11-22T10:00:00.123Z\"", Instant.parse("2026-11-22T10:00:00.123Z")),
        arguments("#inst \"1985-04-12T23:20:50.52Z\"", Instant.parse("1985-04-12T23:20:50.520Z")),
        arguments("#inst \"2026-11-22T10:00:00+01:00\"", Instant.parse("2026-11-22T09:00:00Z")),
        arguments("#inst \"2026-11-22T10:00:00-05:30\"", Instant.parse("2026-11-22T15:30:00Z")),
        arguments("#inst \"2026\"", Instant.parse("2026-01-01T00:00:00Z")),
        arguments("#inst \"2026-11\"", Instant.parse("2026-11-01T00:00:00Z")),
        arguments("#inst \"2026-11-22T10:15\"", Instant.parse("2026-11-22T10:15:00Z")),
        arguments("#inst \"2026-11-22T10:00:00\"", Instant.parse("2026-11-22T10:00:00Z")),
        arguments("#inst \"2024-02-29T00:00:00Z\"", Instant.parse("2024-02-29T00:00:00Z")),
        arguments("#inst \"2026-11-22T10:00:00.123456789Z\"", Instant.parse("2026-11-22T10:00:00.123456789Z")),
        arguments("#inst \"2026-11-22T10:00:00.1234567891Z\"", Instant.parse("2026-11-22T10:00:00.123456789Z")),
        arguments("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"", UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")),
        arguments("#uuid \"F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6\"", UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")),
        arguments("#spoor/bytes \"AQID\"", Bytes.copyOf(new byte[] {1, 2, 3})),
        arguments("#spoor/bytes \"\"", Bytes.copyOf(new byte[0])),
        arguments("#inst\"2026-11-22\"", Instant.parse("2026-11-22T00:00:00Z")),
        arguments("[#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\" #inst \"2026-11-22\"]",
            List.of(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), Instant.parse("2026-11-22T00:00:00Z"))));
  }

  static Stream<Arguments> whitespaceCommentsAndDiscards() {
    return Stream.of(
        arguments("[1,2,,3]", List.of(1L, 2L, 3L)),
        arguments("{:a 1, :b 2}", Map.of(Keyword.of("a"), 1L, Keyword.of("b"), 2L)),
        arguments(" \t\r\n 42 \n", 42L),
        arguments("[1 ; a comment ] with a bracket\n 2]", List.of(1L, 2L)),
        arguments("; a leading comment\n42 ; and a trailing one", 42L),
        arguments("[1 #_2 3]", List.of(1L, 3L)),
        arguments("[1 #_ [2 (3)] 4]", List.of(1L, 4L)),
        arguments("[#_ #_ 1 2 3]", List.of(3L)),
        arguments("[1 #_ #_ #_ a b c d]", List.of(1L, Symbol.of("d"))),
        arguments("#_ skipped 42", 42L),
        arguments("42 #_ skipped", 42L),
        arguments("[#_ nil 1]", List.of(1L)),
        arguments("{:a #_ :b 1}", Map.of(Keyword.of("a"), 1L)),
        arguments("#inst #_ \"1999\" \"2026-11-22\"", Instant.parse("2026-11-22T00:00:00Z")),
        arguments("[#_foo bar]", List.of(Symbol.of("bar"))),
        arguments("[a,b]", List.of(Symbol.of("a"), Symbol.of("b"))),
        arguments("[:a\"s\"\\c(1)]", List.of(Keyword.of("a"), "s", 'c', List.of(1L))));
  }

  @ParameterizedTest(name = "{0} reads as {1}")
  @MethodSource({"booleansAndStrings", "characters", "numbers", "symbolsAndKeywords", "collections",
      "taggedElements", "whitespaceCommentsAndDiscards"})
  void textReadsAsItsWholeJavaValue(String text, Object expected) {
    // equals is exact about number types: 1 (Long), 1N (BigInteger), 1.0 and 1M differ
    assertThat(EdnReader.readValue(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} keeps source order")
  @MethodSource("orderedCollections")
  void setsAndMapsKeepSourceOrder(String text, Object expected) {
    Object value = EdnReader.readValue(text);

    assertThat(value).isEqualTo(expected);
    assertThat(value instanceof Map<?, ?> m ? List.copyOf(m.keySet()) : List.copyOf((Set<?>) value))
        .isEqualTo(expected instanceof Map<?, ?> m ? List.copyOf(m.keySet()) : List.copyOf((Set<?>) expected));
  }

  static Stream<Arguments> orderedCollections() {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (String k : List.of("z", "a", "m", "b")) {
      map.put(Keyword.of(k), (long) k.charAt(0));
    }
    return Stream.of(
        arguments("{:z 122 :a 97 :m 109 :b 98}", map),
        arguments("#{3 1 2 -5}", new LinkedHashSet<>(Arrays.asList(3L, 1L, 2L, -5L))));
  }
}
