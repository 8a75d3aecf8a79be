package dev.spoor.cli;

import picocli.CommandLine.Option;

/** The {@code --format FORMAT} option every command that prints data takes. */
final class FormatOption {
  @Option(names = "--format", paramLabel = "FORMAT",
      description = "edn (default when stdout is not a terminal), table (default on a terminal), json or csv.")
  String format;

  /** The format asked for, or the default for where stdout goes. */
  Formats.Format choose() {
    return Formats.choose(format);
  }
}
