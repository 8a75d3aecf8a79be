package dev.spoor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code spoor ARGS} in a JVM of its own: this test's classpath and Chronicle's flags. */
final class SpoorJvm {
  private SpoorJvm() {}

  static List<String> command(String maxHeap, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String flags = System.getProperty("spoor.jvm.flags", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
        + " --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"
        + " -Dchronicle.analytics.disable=true");
    cmd.addAll(List.of(flags.trim().split("\\s+")));
    cmd.addAll(List.of("-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), Spoor.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
