package dev.spoor.cli;

import dev.spoor.examples.Demo;
import dev.spoor.examples.DemoResult;
import dev.spoor.examples.Demos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs a coordination demo: agents, as threads of this process, coordinating through facts in a new",
        "space, then checks the demo's invariants. Exit code 0 when they all hold, 1 otherwise.",
        "The space stays in its directory for 'spoor query', 'spoor log' and 'spoor datoms'."},
    footer = {"", "Examples:", "  spoor demo --list", "  spoor demo work-queue",
        "  spoor demo service-registry --space /tmp/registry"})
final class DemoCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "NAME", description = "The demo to run; --list shows them.")
  String name;

  @Option(names = "--list", description = "List the demos.")
  boolean list;

  @Option(names = "--space", paramLabel = "DIR",
      description = "A new or empty directory for the demo's space (default: a fresh temporary directory).")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      int width = Demos.all().stream().mapToInt(d -> d.name().length()).max().orElse(0);
      for (Demo d : Demos.all()) {
        out.println(String.format("%-" + width + "s  %s", d.name(), d.summary()));
      }
      return Spoor.OK;
    }
    if (name == null) {
      throw new CliException("missing-demo", "name the demo to run, e.g. 'spoor demo work-queue'; 'spoor demo --list'"
          + " shows them all");
    }
    Demo demo = Demos.require(name);
    Path space = dir != null ? dir : Files.createTempDirectory("spoor-demo-" + demo.name() + "-");
    out.println("space: " + space);
    out.flush();
    DemoResult result;
    try (PrintStream lines = lineForwarder(out)) {
      result = demo.run(space, lines);
    }
    out.println("the space stays in " + space + "; inspect it with");
    out.println("  spoor query --space " + space + " " + demo.inspectHint());
    return result.ok() ? Spoor.OK : Spoor.USER_ERROR;
  }

  /** A PrintStream (what demos print to) that hands each whole line to {@code out} at once. */
  static PrintStream lineForwarder(PrintWriter out) {
    OutputStream sink = new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        if (b == '\n') {
          emit();
        } else {
          line.write(b);
        }
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
          write(b[i]);
        }
      }

      private void emit() {
        out.println(line.toString(StandardCharsets.UTF_8));
        out.flush();
        line.reset();
      }

      @Override
      public synchronized void close() {
        if (line.size() > 0) {
          emit();
        }
      }
    };
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }
}
