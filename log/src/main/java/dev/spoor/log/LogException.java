package dev.spoor.log;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/** The log cannot be opened, read or written: a damaged file, a locked or unreadable directory. */
public class LogException extends SpoorException {
  private static final long serialVersionUID = 1L;

  public LogException(String code, String message) {
    super(Keyword.of("log", code), message);
  }

  public LogException(String code, String message, Throwable cause) {
    super(Keyword.of("log", code), message, cause);
  }
}
