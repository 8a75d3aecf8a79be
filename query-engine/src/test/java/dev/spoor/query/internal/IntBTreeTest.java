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

  @Test
  void removalsLeaveTheRemainingKeysInOrderAndOlderTreesIntact() {
    Random random = new Random(11);
    TreeSet<Integer> expected = new TreeSet<>();
    IntBTree tree = IntBTree.EMPTY;
    for (int i = 0; i < 10_000; i++) {
      int k = random.nextInt(100_000);
      if (expected.add(k)) {
        tree = tree.insert(k, NATURAL, new Object());
      }
    }
    IntBTree before = tree;
    List<Integer> beforeKeys = keys(before, null);
    List<Integer> all = new ArrayList<>(expected);
    java.util.Collections.shuffle(all, random);
    Object edit = new Object();
    for (int i = 0; i < all.size(); i++) {
      if (i % 3 != 0) {
        tree = tree.remove(all.get(i), NATURAL, i % 50 == 0 ? (edit = new Object()) : edit);
        expected.remove(all.get(i));
      }
    }
    assertThat(keys(tree, null)).containsExactlyElementsOf(expected);
    assertThat(tree.size()).isEqualTo(expected.size());
    assertThat(keys(before, null)).isEqualTo(beforeKeys);
    for (int k : new ArrayList<>(expected)) {
      tree = tree.remove(k, NATURAL, edit);
    }
    assertThat(keys(tree, null)).isEmpty();
    assertThat(tree.insert(5, NATURAL, edit).toArray()).containsExactly(5);
  }
}
