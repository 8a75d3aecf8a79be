package dev.spoor.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpaceDirectoryTest {
  @TempDir Path dir;

  @Test
  void openingANonEmptyDirectoryThatIsNotASpaceIsRefusedAndLeavesItAlone() throws Exception {
    Files.writeString(dir.resolve("important.txt"), "data");
    assertThatThrownBy(() -> Space.open(dir))
        .isInstanceOf(SpaceException.class)
        .hasMessage(dir + " is not a Spoor space (it has no spoor.properties); give an empty or new directory to"
            + " create one");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("important.txt"));
    }
  }

  @Test
  void aSpaceOfANewerFormatIsRefused() throws Exception {
    Files.writeString(dir.resolve("spoor.properties"), "format=2\n");
    assertThatThrownBy(() -> Space.open(dir))
        .isInstanceOf(SpaceException.class)
        .hasMessage(dir + " has space format 2; this Spoor reads format 1 (upgrade Spoor to open it)");
  }

  @Test
  void aSecondWriterInTheSameProcessIsRefused() {
    try (Space first = Space.open(dir)) {
      assertThatThrownBy(() -> Space.open(dir))
          .isInstanceOf(SpaceException.class)
          .hasMessage(dir + " is already open for writing in this process; share that Space object");
    }
    Space.open(dir).close();
  }

  @Test
  void aReadOnlySpaceSeesCommittedTransactionsAndRefusesWrites() {
    try (Space writer = Space.open(dir)) {
      writer.transact("[{:db/ident :a/n :db/valueType :db.type/long :db/cardinality :db.cardinality/one}]");
      try (Space reader = Space.openReadOnly(dir)) {
        assertThat(reader.db().basisT()).isEqualTo(1);
        assertThatThrownBy(() -> reader.transact("[]"))
            .isInstanceOf(SpaceException.class)
            .hasMessage("this space was opened read-only; open it with Space.open to write");
      }
    }
  }

  @Test
  void optionsRefuseANegativeFollowerSpinAndKeepTheOtherSettings() {
    Space.Options o = Space.Options.defaults().withFollowerSpin(java.time.Duration.ofMillis(2));
    assertThat(o.followerSpin()).isEqualTo(java.time.Duration.ofMillis(2));
    assertThat(o.withDurability(dev.spoor.log.Durability.BATCHED).followerSpin()).isEqualTo(java.time.Duration.ofMillis(2));
    assertThatThrownBy(() -> o.withFollowerSpin(java.time.Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("followerSpin must not be negative, was PT-0.001S");
  }

  @Test
  void aClosedSpaceSaysSo() {
    Space space = Space.inMemory();
    space.close();
    assertThatThrownBy(space::db).isInstanceOf(SpaceException.class).hasMessage("the space (in memory) is closed");
  }

  @Test
  void readingAMissingSpaceIsAClearError() {
    assertThatThrownBy(() -> Space.openReadOnly(dir.resolve("nope")))
        .isInstanceOf(SpaceException.class)
        .hasMessage("no space at " + dir.resolve("nope") + ": the directory does not exist");
  }
}
