package dev.spoor.datalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns forms into plain immutable Java values: the one pass behind {@link Form#toValue()}. */
final class Values {
  private Values() {}

  /** The value of {@code form}; a {@code nil} anywhere is an error, shown in {@code source}. */
  static Object toValue(Form form, SourceText source) {
    return convert(form, false, source);
  }

  /**
   * The value of {@code form} with {@code nil} as {@code null}: what the reader compares to
   * find duplicate map keys and set elements, where {@code nil} is a legal key.
   */
  static Object key(Form form) {
    return convert(form, true, SourceText.NONE);
  }

  private static Object convert(Form form, boolean nilAllowed, SourceText source) {
    if (form instanceof Form.Scalar s) {
      return s.value();
    } else if (form instanceof Form.Nil n) {
      if (nilAllowed) {
        return null;
      }
      Span at = n.span();
      throw source.error(EdnParseException.NIL, at.line(), at.column(), at.start(),
          "nil is not a value here (Spoor's Java values have no null)");
    } else if (form instanceof Form.VectorForm v) {
      return list(v.items(), nilAllowed, source);
    } else if (form instanceof Form.ListForm l) {
      return list(l.items(), nilAllowed, source);
    } else if (form instanceof Form.SetForm s) {
      Set<Object> set = new LinkedHashSet<>();
      for (Form item : s.items()) {
        Object value = convert(item, nilAllowed, source);
        if (!set.add(value)) {
          throw source.error(item.span(), duplicateElement(value));
        }
      }
      return Collections.unmodifiableSet(set);
    } else if (form instanceof Form.MapForm m) {
      Map<Object, Object> map = new LinkedHashMap<>();
      for (Form.MapForm.Entry e : m.entries()) {
        Object key = convert(e.key(), nilAllowed, source);
        if (map.containsKey(key)) {
          throw source.error(e.key().span(), duplicateKey(key));
        }
        map.put(key, convert(e.value(), nilAllowed, source));
      }
      return Collections.unmodifiableMap(map);
    }
    throw new IllegalStateException("no value for " + form.getClass().getName());
  }

  private static List<Object> list(List<Form> items, boolean nilAllowed, SourceText source) {
    List<Object> list = new ArrayList<>(items.size());
    for (Form item : items) {
      list.add(convert(item, nilAllowed, source));
    }
    return Collections.unmodifiableList(list);
  }

  static String duplicateKey(Object key) {
    return "duplicate key " + Describe.value(key) + " in map";
  }

  static String duplicateElement(Object element) {
    return "duplicate element " + Describe.value(element) + " in set";
  }
}
