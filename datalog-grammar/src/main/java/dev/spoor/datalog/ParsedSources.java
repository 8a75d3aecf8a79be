package dev.spoor.datalog;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text each {@link Query} and {@link Rule} was parsed from, so that
 * {@link QueryParser#validate}, called later by the evaluator with nothing but the AST, can
 * still print the source line and a caret. Keys are held by identity and weakly: an entry
 * goes when its query or rule is no longer used. ASTs built by hand, or parsed from a
 * {@link Form}, have no entry, and their errors no excerpt.
 */
final class ParsedSources {
  private static final ReferenceQueue<Object> GONE = new ReferenceQueue<>();
  private static final Map<Key, String> TEXTS = new ConcurrentHashMap<>();

  private ParsedSources() {}

  static void remember(Object parsed, String text) {
    expunge();
    TEXTS.put(new Key(parsed, GONE), text);
  }

  /** The text {@code parsed} was read from, or {@link SourceText#NONE}. */
  static SourceText of(Object parsed) {
    String text = TEXTS.get(new Key(parsed, null));
    return text == null ? SourceText.NONE : SourceText.of(text);
  }

  private static void expunge() {
    for (Reference<?> gone = GONE.poll(); gone != null; gone = GONE.poll()) {
      TEXTS.remove(gone);
    }
  }

  /** A weak reference equal to another one to the same object, by identity. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      Object referent = get();
      return o instanceof Key k && referent != null && referent == k.get();
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
