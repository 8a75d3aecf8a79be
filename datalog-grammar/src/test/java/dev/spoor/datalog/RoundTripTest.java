package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spoor.core.Bytes;
import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The reader is the inverse of {@link Edn#print}: read(print(v)) equals v. */
class RoundTripTest {
  private static final int COUNT = 2_000;

  private static final List<String> NAMES = List.of("a", "task/status", "db.type/long", "x-y?", "ns.a/b*",
      "...", "+", "<=", "not=", "_", "a1'", "é", "nil?", "-a");

  @Test
  void everyGeneratedValueReadsBackAsItself() {
    Random random = new Random(20261122);
    for (int i = 0; i < COUNT; i++) {
      Object value = value(random, 3);
      String text = Edn.print(value);

      assertThat(EdnReader.readValue(text)).as(text).isEqualTo(value);
    }
  }

  @Test
  void manyPrintedValuesSeparatedBySpacesReadBackInOrder() {
    Random random = new Random(7);
    List<Object> values = IntStream.range(0, COUNT).mapToObj(i -> value(random, 2)).collect(Collectors.toList());
    String text = values.stream().map(Edn::print).collect(Collectors.joining(" "));

    assertThat(EdnReader.readAll(text).stream().map(Form::toValue).collect(Collectors.toList())).isEqualTo(values);
  }

  @Test
  void aPrintedVectorStreamsBackElementByElement() {
    Random random = new Random(11);
    List<Object> values = IntStream.range(0, COUNT).mapToObj(i -> value(random, 2)).collect(Collectors.toList());
    List<Object> read = new ArrayList<>();

    try (FormStream elements = EdnReader.streamVector(new StringReader(Edn.print(values)))) {
      elements.forEachRemaining(form -> read.add(form.toValue()));
    }

    assertThat(read).isEqualTo(values);
  }

  @Test
  void theSpecialValuesReadBackAsThemselves() {
    List<Object> specials = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        Double.MIN_VALUE, Double.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, BigInteger.ZERO, new BigDecimal("0E-10"),
        new BigDecimal("-1.23E+5"), "", "\"\\\n\r\t\b\f\u0000\u001f\u007f", "unpaired \ud800 and \udc00 surrogates", '\u0000', '\uffff', '\ud83d', ' ', '\\',
        '"', ',', ';', '(', '#', Instant.EPOCH, Bytes.copyOf(new byte[0]), List.of(), Set.of(), Map.of());

    assertThat(EdnReader.readValue(Edn.print(specials))).isEqualTo(specials);
  }

  private static Object value(Random random, int depth) {
    int kinds = depth > 0 ? 16 : 13;
    switch (random.nextInt(kinds)) {
      case 0:
        return random.nextLong() >> random.nextInt(64);
      case 1:
        return new BigInteger(random.nextInt(200) + 1, random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
      case 2:
        return random.nextInt(10) == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * 1e6;
      case 3:
        return new BigDecimal(new BigInteger(random.nextInt(100) + 1, random), random.nextInt(30) - 10);
      case 4:
        return string(random);
      case 5:
        return (char) random.nextInt(0x10000);
      case 6:
        return random.nextBoolean();
      case 7:
        return Keyword.of(NAMES.get(random.nextInt(NAMES.size())));
      case 8:
        return Symbol.of(NAMES.get(random.nextInt(NAMES.size())));
      case 9:
        // years 1-9999 at millisecond precision, as Edn.print writes them
        return Instant.ofEpochMilli(-62_135_596_800_000L + (long) (random.nextDouble() * 315_537_897_599_999L));
      case 10:
        return new UUID(random.nextLong(), random.nextLong());
      case 11: {
        byte[] bytes = new byte[random.nextInt(20)];
        random.nextBytes(bytes);
        return Bytes.copyOf(bytes);
      }
      case 12:
        return random.nextBoolean() ? "" : "with \"quotes\", \\backslashes\\ and\nnewlines";
      case 13: {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(value(random, depth - 1));
        }
        return list;
      }
      case 14: {
        Set<Object> set = new LinkedHashSet<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          set.add(value(random, depth - 1));
        }
        return set;
      }
      default: {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put(value(random, depth - 1), value(random, depth - 1));
        }
        return map;
      }
    }
  }

  private static String string(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      switch (random.nextInt(4)) {
        case 0 -> sb.append((char) (0x20 + random.nextInt(0x5f)));
        case 1 -> sb.append((char) random.nextInt(0x20));
        case 2 -> sb.appendCodePoint("é😀\"\\;#_ ,".codePoints().toArray()[random.nextInt(9)]);
        default -> sb.appendCodePoint(0x80 + random.nextInt(0x10ff00));
      }
    }
    return sb.toString();
  }
}
