package dev.spoor.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A demo run in a test: its result and everything it printed. */
record DemoOutput(DemoResult result, String out) {
  static DemoOutput run(Demo demo, Path spaceDir) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoResult result = demo.run(spaceDir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new DemoOutput(result, bytes.toString(StandardCharsets.UTF_8));
  }
}
