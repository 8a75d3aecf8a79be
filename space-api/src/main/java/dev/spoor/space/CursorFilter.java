package dev.spoor.space;

import static java.util.Objects.requireNonNull;

import dev.spoor.core.Keyword;
import dev.spoor.log.Datom;
import dev.spoor.log.LogEntry;
import dev.spoor.query.Db;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which transactions a {@link Cursor} returns: those with at least one datom (the
 * transaction's own metadata included) whose attribute ident matches one of the filter's
 * patterns. A pattern is an attribute ident written as EDN, where {@code *} matches any run of
 * characters and {@code ?} one character: {@code :task/status} (that attribute),
 * {@code :task/*} (the namespace {@code task}), {@code :task/st*}, {@code :spoor.*} (every Spoor attribute).
 * {@link #all()} matches every transaction.
 *
 * <p>A filter is a value: equal patterns, equal filters.
 */
public final class CursorFilter {
  private static final CursorFilter ALL = new CursorFilter(List.of());

  private final List<String> patterns;
  private final List<Pattern> regexes;

  private CursorFilter(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    List<Pattern> r = new ArrayList<>();
    for (String p : patterns) {
      r.add(compile(p));
    }
    this.regexes = List.copyOf(r);
  }

  /** Every transaction. */
  public static CursorFilter all() {
    return ALL;
  }

  /** Transactions that assert or retract any of {@code attributes}. */
  public static CursorFilter attributes(Keyword... attributes) {
    List<String> p = new ArrayList<>();
    for (Keyword k : attributes) {
      requireNonNull(k, "attribute");
      p.add(k.toString().replace("*", "\\*").replace("?", "\\?"));
    }
    return of(p);
  }

  /** Transactions that touch an attribute in namespace {@code namespace}, e.g. {@code "task"} for {@code :task/*}. */
  public static CursorFilter namespace(String namespace) {
    requireNonNull(namespace, "namespace");
    if (namespace.isEmpty() || namespace.contains("/") || namespace.startsWith(":")) {
      throw new IllegalArgumentException("a namespace is written without ':' or '/', e.g. \"task\" for :task/*; got \""
          + namespace + "\"");
    }
    return of(List.of(":" + namespace + "/*"));
  }

  /** Transactions that touch an attribute matching any of the globs, e.g. {@code ":task/*"}. */
  public static CursorFilter glob(String... globs) {
    List<String> p = new ArrayList<>();
    for (String g : globs) {
      requireNonNull(g, "glob");
      if (!g.startsWith(":") || g.length() < 2) {
        throw new IllegalArgumentException("an attribute glob starts with ':', like \":task/*\" or \":task/status\"; got \""
            + g + "\"");
      }
      p.add(g);
    }
    return of(p);
  }

  private static CursorFilter of(List<String> patterns) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("a cursor filter needs at least one attribute or glob; use CursorFilter.all()"
          + " for every transaction");
    }
    return new CursorFilter(patterns);
  }

  private static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '\\' && i + 1 < glob.length()) {
        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  /** The patterns, as given; empty for {@link #all()}. */
  public List<String> patterns() {
    return patterns;
  }

  /** Whether the ident {@code attribute} matches. */
  public boolean matches(Keyword attribute) {
    if (regexes.isEmpty()) {
      return true;
    }
    String s = attribute.toString();
    for (Pattern p : regexes) {
      if (p.matcher(s).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code entry} has a datom whose attribute (named through {@code db}'s schema) matches. */
  boolean matches(LogEntry entry, Db db, java.util.Map<Long, Boolean> memo) {
    if (regexes.isEmpty()) {
      return true;
    }
    for (Datom d : entry.datoms()) {
      Boolean m = memo.get(d.a());
      if (m == null) {
        Optional<Keyword> ident = db.ident(d.a());
        m = ident.isPresent() && matches(ident.get());
        memo.put(d.a(), m);
      }
      if (m) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CursorFilter f && f.patterns.equals(patterns);
  }

  @Override
  public int hashCode() {
    return patterns.hashCode();
  }

  @Override
  public String toString() {
    return patterns.isEmpty() ? "CursorFilter[all]" : "CursorFilter" + patterns;
  }
}
