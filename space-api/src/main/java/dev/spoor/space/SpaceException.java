package dev.spoor.space;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/** A space cannot be opened or used: not a space, a newer format, locked by another process, closed. */
public class SpaceException extends SpoorException {
  private static final long serialVersionUID = 1L;

  public SpaceException(String code, String message) {
    super(Keyword.of("space", code), message);
  }

  public SpaceException(String code, String message, Throwable cause) {
    super(Keyword.of("space", code), message, cause);
  }
}
