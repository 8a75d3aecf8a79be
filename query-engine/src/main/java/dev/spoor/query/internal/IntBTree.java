package dev.spoor.query.internal;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A persistent (copy-on-write) B+tree of {@code int} keys ordered by a comparator, the
 * structure behind every index. Keys are datom ids; the order is the index's (EAVT, AEVT, ...),
 * given by a comparator that reads the datoms' columns.
 *
 * <p>A tree value never changes once published: an insert copies the path it touches and
 * returns a new root, so every {@code Db} keeps the tree of its own basis and readers need
 * no locks. Within one batch (one applied transaction) the writer passes an {@code edit} token;
 * nodes created under the same token are still private to the writer and are changed in
 * place, which makes a batch of k inserts cost about one path copy per touched leaf, not k.
 *
 * <p>Leaves split in half, except when a key lands at the very end of a full leaf: then the
 * old leaf stays full and the new one starts with the key. Appends in key order (new
 * entities, new transactions) therefore fill leaves completely.
 */
public final class IntBTree {
  /** Compares two keys. */
  @FunctionalInterface
  public interface Comparator {
    int compare(int a, int b);
  }

  /** Where a search starts: negative when the probe sorts before {@code key}, 0 when equal. */
  @FunctionalInterface
  public interface Probe {
    int compareTo(int key);
  }

  static final int MAX = 64;

  private static final Node EMPTY_LEAF = new Node(new int[0], null, 0, null);
  public static final IntBTree EMPTY = new IntBTree(EMPTY_LEAF, 0);

  private final Node root;
  private final int size;

  private IntBTree(Node root, int size) {
    this.root = root;
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** A node: a leaf when {@code kids == null}. {@code keys} are the entries (leaf) or each child's maximum (branch). */
  private static final class Node {
    int[] keys;
    Node[] kids;
    int len;
    final Object edit;

    Node(int[] keys, Node[] kids, int len, Object edit) {
      this.keys = keys;
      this.kids = kids;
      this.len = len;
      this.edit = edit;
    }

    boolean leaf() {
      return kids == null;
    }

    int max() {
      return keys[len - 1];
    }
  }

  /** A tree holding {@code sortedKeys}, which must already be in comparator order. */
  public static IntBTree build(int[] sortedKeys, int count) {
    if (count == 0) {
      return EMPTY;
    }
    int leaves = (count + MAX - 1) / MAX;
    Node[] level = new Node[leaves];
    for (int i = 0; i < leaves; i++) {
      int from = i * MAX;
      int n = Math.min(MAX, count - from);
      level[i] = new Node(Arrays.copyOfRange(sortedKeys, from, from + MAX), null, n, null);
    }
    int levelLen = leaves;
    while (levelLen > 1) {
      int parents = (levelLen + MAX - 1) / MAX;
      Node[] up = new Node[parents];
      for (int i = 0; i < parents; i++) {
        int from = i * MAX;
        int n = Math.min(MAX, levelLen - from);
        Node[] kids = Arrays.copyOfRange(level, from, from + MAX);
        int[] maxes = new int[MAX];
        for (int k = 0; k < n; k++) {
          maxes[k] = kids[k].max();
        }
        up[i] = new Node(maxes, kids, n, null);
      }
      level = up;
      levelLen = parents;
    }
    return new IntBTree(level[0], count);
  }

  /**
   * The tree with {@code key} added. Nodes made under {@code edit} by earlier calls of the
   * same batch are reused in place; pass a fresh object per batch.
   */
  public IntBTree insert(int key, Comparator cmp, Object edit) {
    if (size == 0) {
      int[] keys = new int[MAX];
      keys[0] = key;
      return new IntBTree(new Node(keys, null, 1, edit), 1);
    }
    Node[] split = insert(root, key, cmp, edit);
    Node newRoot;
    if (split[1] == null) {
      newRoot = split[0];
    } else {
      int[] maxes = new int[MAX];
      Node[] kids = new Node[MAX];
      maxes[0] = split[0].max();
      maxes[1] = split[1].max();
      kids[0] = split[0];
      kids[1] = split[1];
      newRoot = new Node(maxes, kids, 2, edit);
    }
    return new IntBTree(newRoot, size + 1);
  }

  private static Node[] insert(Node node, int key, Comparator cmp, Object edit) {
    if (node.leaf()) {
      int pos = upperBound(node, key, cmp);
      return insertAt(node, pos, key, null, edit);
    }
    int i = childFor(node, key, cmp);
    Node[] below = insert(node.kids[i], key, cmp, edit);
    Node n = node.edit == edit ? node : copy(node, edit);
    n.kids[i] = below[0];
    n.keys[i] = below[0].max();
    if (below[1] == null) {
      return new Node[] {n, null};
    }
    return insertAt(n, i + 1, below[1].max(), below[1], edit);
  }

  /**
   * The tree without {@code key}, which must be present. Leaves that empty are dropped; nodes are
   * not merged, so a tree that shrinks a lot may hold underfull nodes until it is rebuilt.
   */
  public IntBTree remove(int key, Comparator cmp, Object edit) {
    Node r = remove(root, key, cmp, edit);
    if (r == null) {
      return EMPTY;
    }
    while (!r.leaf() && r.len == 1) {
      r = r.kids[0];
    }
    return new IntBTree(r, size - 1);
  }

  private static Node remove(Node node, int key, Comparator cmp, Object edit) {
    if (node.leaf()) {
      int lo = 0;
      int hi = node.len;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cmp.compare(node.keys[mid], key) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == node.len || node.keys[lo] != key) {
        throw new IllegalStateException("key " + key + " is not in the tree");
      }
      if (node.len == 1) {
        return null;
      }
      Node n = node.edit == edit ? node : copy(node, edit);
      System.arraycopy(n.keys, lo + 1, n.keys, lo, n.len - lo - 1);
      n.len--;
      n.keys[n.len] = 0;
      return n;
    }
    int i = childFor(node, key, cmp);
    Node child = remove(node.kids[i], key, cmp, edit);
    Node n = node.edit == edit ? node : copy(node, edit);
    if (child == null) {
      System.arraycopy(n.keys, i + 1, n.keys, i, n.len - i - 1);
      System.arraycopy(n.kids, i + 1, n.kids, i, n.len - i - 1);
      n.len--;
      n.keys[n.len] = 0;
      n.kids[n.len] = null;
      return n.len == 0 ? null : n;
    }
    n.kids[i] = child;
    n.keys[i] = child.max();
    return n;
  }

  /** Inserts key (and, in a branch, its child) at {@code pos}, splitting a full node. */
  private static Node[] insertAt(Node node, int pos, int key, Node kid, Object edit) {
    if (node.len < MAX) {
      Node n = node.edit == edit ? node : copy(node, edit);
      System.arraycopy(n.keys, pos, n.keys, pos + 1, n.len - pos);
      n.keys[pos] = key;
      if (kid != null) {
        System.arraycopy(n.kids, pos, n.kids, pos + 1, n.len - pos);
        n.kids[pos] = kid;
      }
      n.len++;
      return new Node[] {n, null};
    }
    boolean branch = kid != null;
    int[] all = new int[MAX + 1];
    System.arraycopy(node.keys, 0, all, 0, pos);
    all[pos] = key;
    System.arraycopy(node.keys, pos, all, pos + 1, MAX - pos);
    Node[] allKids = null;
    if (branch) {
      allKids = new Node[MAX + 1];
      System.arraycopy(node.kids, 0, allKids, 0, pos);
      allKids[pos] = kid;
      System.arraycopy(node.kids, pos, allKids, pos + 1, MAX - pos);
    }
    int leftLen = pos == MAX ? MAX : (MAX + 1) / 2;
    int rightLen = MAX + 1 - leftLen;
    Node left = new Node(Arrays.copyOf(all, MAX), branch ? Arrays.copyOf(allKids, MAX) : null, leftLen, edit);
    int[] rk = new int[MAX];
    System.arraycopy(all, leftLen, rk, 0, rightLen);
    Node[] rkids = null;
    if (branch) {
      rkids = new Node[MAX];
      System.arraycopy(allKids, leftLen, rkids, 0, rightLen);
    }
    Arrays.fill(left.keys, leftLen, MAX, 0);
    if (branch) {
      Arrays.fill(left.kids, leftLen, MAX, null);
    }
    return new Node[] {left, new Node(rk, rkids, rightLen, edit)};
  }

  private static Node copy(Node n, Object edit) {
    return new Node(n.keys.clone(), n.kids == null ? null : n.kids.clone(), n.len, edit);
  }

  /** First position whose key sorts after {@code key}. */
  private static int upperBound(Node n, int key, Comparator cmp) {
    int lo = 0;
    int hi = n.len;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cmp.compare(n.keys[mid], key) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The child whose range takes {@code key}: the first whose maximum is not below it, else the last. */
  private static int childFor(Node n, int key, Comparator cmp) {
    int lo = 0;
    int hi = n.len - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cmp.compare(n.keys[mid], key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First position in {@code n} whose key is not before the probe. */
  private static int lowerBound(Node n, Probe probe) {
    int lo = 0;
    int hi = n.len;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (probe.compareTo(n.keys[mid]) > 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** All keys in order, into a new array. */
  public int[] toArray() {
    int[] out = new int[size];
    Cursor c = cursor(null);
    int i = 0;
    while (c.hasNext()) {
      out[i++] = c.next();
    }
    return out;
  }

  /** A cursor over the keys, starting at the first key not before {@code probe} (all keys when null). */
  public Cursor cursor(Probe probe) {
    return new Cursor(root, probe);
  }

  /** Forward iteration over keys; not thread-safe, cheap to create. */
  public static final class Cursor {
    private final Node[] path = new Node[12];
    private final int[] index = new int[12];
    private int depth;
    private Node leaf;
    private int pos;

    Cursor(Node root, Probe probe) {
      Node n = root;
      depth = 0;
      while (!n.leaf()) {
        int i = probe == null ? 0 : lowerBound(n, probe);
        if (i == n.len) {
          leaf = null;
          return;
        }
        path[depth] = n;
        index[depth] = i;
        depth++;
        n = n.kids[i];
      }
      leaf = n;
      pos = probe == null ? 0 : lowerBound(n, probe);
    }

    public boolean hasNext() {
      if (leaf == null) {
        return false;
      }
      if (pos < leaf.len) {
        return true;
      }
      int d = depth - 1;
      while (d >= 0 && index[d] + 1 >= path[d].len) {
        d--;
      }
      if (d < 0) {
        leaf = null;
        return false;
      }
      index[d]++;
      Node n = path[d].kids[index[d]];
      for (int k = d + 1; k < depth; k++) {
        path[k] = n;
        index[k] = 0;
        n = n.kids[0];
      }
      leaf = n;
      pos = 0;
      return leaf.len > 0;
    }

    /** The next key; call {@link #hasNext()} first. */
    public int next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return leaf.keys[pos++];
    }

    /** The next key without moving past it; call {@link #hasNext()} first. */
    public int peek() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return leaf.keys[pos];
    }
  }

  /** Bytes of heap held by the tree's nodes (arrays and headers), for the memory benchmark. */
  public long retainedBytes() {
    return retained(root);
  }

  private static long retained(Node n) {
    long bytes = 16 + 16 + 4L * n.keys.length + 8;
    if (!n.leaf()) {
      bytes += 16 + 4L * n.kids.length;
      for (int i = 0; i < n.len; i++) {
        bytes += retained(n.kids[i]);
      }
    }
    return bytes;
  }
}
