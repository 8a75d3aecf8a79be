package dev.spoor.query;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/** A read of a database value named something that is not there or not of the right kind. */
public class DbException extends SpoorException {
  private static final long serialVersionUID = 1L;

  public DbException(String code, String message) {
    super(Keyword.of("db", code), message);
  }
}
