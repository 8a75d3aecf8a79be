package dev.spoor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --space DIR} option every command takes. */
final class SpaceOption {
  @Option(names = "--space", paramLabel = "DIR", defaultValue = "spoor-data",
      description = "The space directory (default: ${DEFAULT-VALUE}).")
  Path dir;
}
