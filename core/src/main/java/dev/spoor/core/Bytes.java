package dev.spoor.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;

/**
 * An immutable byte string, the Java value of {@code :db.type/bytes}. Equality and order are
 * by content (unsigned, lexicographic), so byte values can be compared, indexed and looked up.
 */
public final class Bytes implements Comparable<Bytes> {
  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}; later changes to the array do not show. */
  public static Bytes copyOf(byte[] bytes) {
    return new Bytes(requireNonNull(bytes, "bytes").clone());
  }

  public static Bytes fromBase64(String base64) {
    return new Bytes(Base64.getDecoder().decode(base64));
  }

  /** A fresh copy of the content. */
  public byte[] toArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Bytes b && Arrays.equals(bytes, b.bytes));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "#spoor/bytes \"" + toBase64() + "\"";
  }
}
