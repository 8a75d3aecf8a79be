package dev.spoor.query;

import dev.spoor.core.Edn;
import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import dev.spoor.datalog.Form;
import dev.spoor.log.Datom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Datomic's pull: a pattern (a vector of attribute specs) applied to an entity gives a map.
 *
 * <pre>
 * :attr                     the value (cardinality many: a vector, at most 1000 unless :limit)
 * :ns/_attr                 reverse: the entities whose :ns/attr points here
 * *                         every attribute
 * :db/id                    the entity id
 * {:attr pattern}           a reference, pulled with pattern
 * {:attr ...} {:attr 3}     recursion, unbounded (cycles stop) or to a depth
 * (:attr :as x :limit n :default d), also as a vector [:attr :as x ...]
 * </pre>
 *
 * References without a sub-pattern pull as {@code {:db/id n}}; component references pull
 * the whole component.
 */
final class Pull {
  private static final Keyword DB_ID = Keyword.of("db/id");
  private static final Keyword AS = Keyword.of("as");
  private static final Keyword LIMIT = Keyword.of("limit");
  private static final Keyword DEFAULT = Keyword.of("default");
  private static final Symbol STAR = Symbol.of("*");
  private static final Symbol RECURSE = Symbol.of("...");

  private final Db db;

  Pull(Db db) {
    this.db = db;
  }

  /** The pulled map, or empty when the pattern matched nothing. */
  Optional<Map<Object, Object>> pull(Form pattern, long e) {
    Map<Object, Object> m = pull(pattern, e, new HashSet<>(), pattern);
    return m.isEmpty() ? Optional.empty() : Optional.of(m);
  }

  private Map<Object, Object> pull(Form pattern, long e, Set<Long> path, Form root) {
    if (!(pattern instanceof Form.VectorForm v)) {
      throw bad(pattern, "a pull pattern is a vector of attribute specs");
    }
    Map<Object, Object> out = new LinkedHashMap<>();
    path.add(e);
    for (Form spec : v.items()) {
      spec(spec, e, out, path, root);
    }
    path.remove(e);
    return out;
  }

  private void spec(Form spec, long e, Map<Object, Object> out, Set<Long> path, Form root) {
    if (spec instanceof Form.Scalar s && s.value() instanceof Symbol sym && sym.equals(STAR)) {
      wildcard(e, out, path);
    } else if (spec instanceof Form.Scalar s && s.value() instanceof Keyword k) {
      attr(k, e, out, Map.of(), null, path, root);
    } else if (spec instanceof Form.Scalar s && s.value() instanceof String str) {
      attr(Keyword.of(str), e, out, Map.of(), null, path, root);
    } else if (spec instanceof Form.ListForm l) {
      withOptions(l.items(), spec, e, out, path, root);
    } else if (spec instanceof Form.VectorForm vf && !vf.items().isEmpty()
        && vf.items().get(0) instanceof Form.Scalar s0 && s0.value() instanceof Keyword) {
      withOptions(vf.items(), spec, e, out, path, root);
    } else if (spec instanceof Form.MapForm m) {
      for (Form.MapForm.Entry en : m.entries()) {
        Form key = en.key();
        Map<Keyword, Object> options = Map.of();
        Keyword k;
        if (key instanceof Form.Scalar s && s.value() instanceof Keyword kw) {
          k = kw;
        } else if (key instanceof Form.ListForm || key instanceof Form.VectorForm) {
          List<Form> items = key instanceof Form.ListForm lf ? lf.items() : ((Form.VectorForm) key).items();
          k = keyword(items.get(0));
          options = options(items, key);
        } else {
          throw bad(key, "a map key in a pull pattern is an attribute");
        }
        attr(k, e, out, options, en.value(), path, root);
      }
    } else {
      throw bad(spec, "not a pull attribute spec: " + Edn.print(spec.toValue()));
    }
  }

  private void withOptions(List<Form> items, Form spec, long e, Map<Object, Object> out, Set<Long> path, Form root) {
    attr(keyword(items.get(0)), e, out, options(items, spec), null, path, root);
  }

  private static Keyword keyword(Form f) {
    if (f instanceof Form.Scalar s && s.value() instanceof Keyword k) {
      return k;
    }
    throw bad(f, "expected an attribute keyword");
  }

  private static Map<Keyword, Object> options(List<Form> items, Form spec) {
    if (items.size() % 2 != 1) {
      throw bad(spec, "attribute options come in pairs: (:attr :as name :limit n :default value)");
    }
    Map<Keyword, Object> m = new LinkedHashMap<>();
    for (int i = 1; i < items.size(); i += 2) {
      Keyword opt = keyword(items.get(i));
      Form val = items.get(i + 1);
      m.put(opt, val instanceof Form.Nil ? Optional.empty() : val.toValue());
    }
    return m;
  }

  private void wildcard(long e, Map<Object, Object> out, Set<Long> path) {
    out.put(DB_ID, e);
    Map<Keyword, List<Object>> values = new LinkedHashMap<>();
    for (Datom d : db.datoms(Index.EAVT, e)) {
      values.computeIfAbsent(db.attribute(d.a()).ident(), k -> new ArrayList<>()).add(d.v());
    }
    for (Map.Entry<Keyword, List<Object>> en : values.entrySet()) {
      Attribute a = db.attribute(en.getKey());
      if (out.containsKey(en.getKey())) {
        continue;
      }
      List<Object> vs = new ArrayList<>();
      for (Object v : en.getValue()) {
        vs.add(a.isRef() ? refValue(a, (Long) v, null, path, null) : v);
      }
      out.put(en.getKey(), a.isMany() ? vs : vs.get(0));
    }
  }

  private void attr(Keyword k, long e, Map<Object, Object> out, Map<Keyword, Object> options, Form sub,
      Set<Long> path, Form root) {
    Object key = options.containsKey(AS) ? options.get(AS) : k;
    if (k.equals(DB_ID)) {
      out.put(key, e);
      return;
    }
    boolean reverse = k.name().startsWith("_");
    Attribute a = db.attribute(reverse ? Keyword.of(k.namespace(), k.name().substring(1)) : k);
    Object limitOpt = options.get(LIMIT);
    long limit = limitOpt == null ? 1000 : limitOpt instanceof Optional<?> ? Long.MAX_VALUE : ((Number) limitOpt).longValue();
    List<Object> values = new ArrayList<>();
    Iterable<Datom> datoms = reverse ? db.datoms(Index.VAET, e, a.id()) : db.datoms(Index.EAVT, e, a.id());
    for (Datom d : datoms) {
      if (values.size() >= limit) {
        break;
      }
      long target = reverse ? d.e() : a.isRef() ? (Long) d.v() : -1;
      if (a.isRef()) {
        Object pulled = refValue(a, target, sub, path, root);
        if (pulled != null) {
          values.add(pulled);
        }
      } else {
        values.add(d.v());
      }
    }
    boolean single = reverse ? a.isComponent() : !a.isMany();
    if (values.isEmpty()) {
      if (options.containsKey(DEFAULT)) {
        out.put(key, options.get(DEFAULT));
      }
      return;
    }
    out.put(key, single ? values.get(0) : values);
  }

  /** A referenced entity: pulled with the sub-pattern, recursively, or as {:db/id n}. */
  private Object refValue(Attribute a, long target, Form sub, Set<Long> path, Form root) {
    if (sub == null) {
      if (a.isComponent() && !path.contains(target)) {
        Map<Object, Object> m = new LinkedHashMap<>();
        path.add(target);
        wildcard(target, m, path);
        path.remove(target);
        return m;
      }
      return Map.of(DB_ID, target);
    }
    if (sub instanceof Form.Scalar s && (s.value() instanceof Symbol sym && sym.equals(RECURSE)
        || s.value() instanceof Long)) {
      if (path.contains(target)) {
        return Map.of(DB_ID, target);
      }
      if (s.value() instanceof Long depth && path.size() > depth) {
        return null;
      }
      return pull(root, target, path, root);
    }
    if (path.contains(target) && path.size() > 64) {
      return Map.of(DB_ID, target);
    }
    return pull(sub, target, path, root);
  }

  private static QueryExecutionException bad(Form f, String what) {
    return new QueryExecutionException("bad-pull-pattern", "line " + f.span().line() + ":" + f.span().column() + ": " + what);
  }
}
