package dev.spoor.query;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/** A query failed while running: a function threw, a timeout, a resource limit, a bad input. */
public class QueryExecutionException extends SpoorException {
  private static final long serialVersionUID = 1L;

  public QueryExecutionException(String code, String message) {
    super(Keyword.of("query", code), message);
  }

  public QueryExecutionException(String code, String message, Throwable cause) {
    super(Keyword.of("query", code), message, cause);
  }
}
