package dev.spoor.core;

import static java.util.Objects.requireNonNull;

/**
 * The root of every error a user of Spoor can cause: bad input, a rejected transaction,
 * a directory that is not a space. The message says what was wrong, where, and what would
 * be right; {@link #code()} is a stable, machine-readable name for the condition (for
 * example {@code :transact/unique-conflict}), in the spirit of DataScript's {@code :error}
 * data. Subclasses add typed fields for the parts of the condition a program may inspect.
 */
public class SpoorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Keyword code;

  public SpoorException(Keyword code, String message) {
    super(requireNonNull(message, "message"));
    this.code = requireNonNull(code, "code");
  }

  public SpoorException(Keyword code, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.code = requireNonNull(code, "code");
  }

  /** The condition's stable name, e.g. {@code :transact/unknown-attribute}. */
  public Keyword code() {
    return code;
  }
}
