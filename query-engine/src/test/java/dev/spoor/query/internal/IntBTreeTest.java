package dev.spoor.query.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntBTreeTest {
  private static final IntBTree.Comparator NATURAL = Integer::compare;

  private static List<Integer> keys(IntBTree tree, IntBTree.Probe from) {
    List<Integer> out = new ArrayList<>();
    IntBTree.Cursor c = tree.cursor(from);
    while (c.hasNext()) {
      out.add(c.next());
    }
    return out;
  }

  @Test
  void randomInsertsIterateInOrderLikeATreeSet() {
    Random random = new Random(7);
    TreeSet<Integer> expected = new TreeSet<>();
    IntBTree tree = IntBTree.EMPTY;
    Object edit = new Object();
    for (int i = 0; i < 20_000; i++) {
      int k = random.nextInt(1_000_000);
      if (expected.add(k)) {
        tree = tree.insert(k, NATURAL, i % 100 == 0 ? (edit = new Object()) : edit);
      }
    }
    assertThat(tree.size()).isEqualTo(expected.size());
    assertThat(keys(tree, null)).containsExactlyElementsOf(expected);
    int probe = 500_000;
    assertThat(keys(tree, k -> Integer.compare(probe, k)))
        .containsExactlyElementsOf(expected.tailSet(probe, true));
  }

  @Test
  void anOlderTreeIsUnchangedByLaterInserts() {
    IntBTree tree = IntBTree.EMPTY;
    for (int i = 0; i < 1000; i += 2) {
      tree = tree.insert(i, NATURAL, new Object());
    }
    List<Integer> before = keys(tree, null);
    IntBTree later = tree;
    for (int i = 1; i < 1000; i += 2) {
      later = later.insert(i, NATURAL, new Object());
    }
    assertThat(keys(tree, null)).isEqualTo(before);
    assertThat(later.size()).isEqualTo(1000);
  }

  @Test
  void appendsInKeyOrderFillLeavesCompletely() {
    IntBTree tree = IntBTree.EMPTY;
    Object edit = new Object();
    for (int i = 0; i < 64 * 100; i++) {
      tree = tree.insert(i, NATURAL, edit);
    }
    IntBTree built = IntBTree.build(tree.toArray(), tree.size());
    assertThat(tree.retainedBytes()).isEqualTo(built.retainedBytes());
  }

  @Test
  void aSeekPastTheLastKeyFindsNothing() {
    IntBTree tree = IntBTree.build(new int[] {1, 2, 3}, 3);
    assertThat(keys(tree, k -> Integer.compare(10, k))).isEmpty();
    assertThat(keys(IntBTree.EMPTY, null)).isEmpty();
  }
}
