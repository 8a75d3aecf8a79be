package dev.spoor.examples;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/** A demo cannot run as asked: an unknown name, or a space directory that is not fresh. */
public final class DemoException extends SpoorException {
  private static final long serialVersionUID = 1L;

  public DemoException(String code, String message) {
    super(Keyword.of("demo", code), message);
  }
}
