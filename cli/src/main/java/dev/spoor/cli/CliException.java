package dev.spoor.cli;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;

/** A command line that cannot be carried out as written. */
final class CliException extends SpoorException {
  private static final long serialVersionUID = 1L;

  CliException(String code, String message) {
    super(Keyword.of("cli", code), message);
  }
}
