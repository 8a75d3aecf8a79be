package dev.spoor.space;

import dev.spoor.datalog.Form;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Transaction data read from EDN, as the Java values {@link Space#transact(List)} takes. */
final class TxData {
  private TxData() {}

  /**
   * The items of an EDN transaction: {@code form} must be a vector (or list). {@code nil}
   * becomes {@code Optional.empty()}, which only {@code :db/cas} accepts (as "no value").
   */
  static List<Object> fromEdn(Form form) {
    if (!(form instanceof Form.VectorForm) && !(form instanceof Form.ListForm)) {
      throw new TransactionException.Invalid(-1, "transaction data must be a vector of entity maps and list forms;"
          + " got " + describe(form) + " at " + form.span());
    }
    @SuppressWarnings("unchecked")
    List<Object> items = (List<Object>) value(form);
    return items;
  }

  private static String describe(Form form) {
    if (form instanceof Form.Nil) {
      return "nil";
    } else if (form instanceof Form.Scalar s) {
      return "the value " + dev.spoor.core.Edn.print(s.value());
    } else if (form instanceof Form.MapForm) {
      return "a map";
    } else if (form instanceof Form.SetForm) {
      return "a set";
    }
    return "a list";
  }

  static Object value(Form form) {
    if (form instanceof Form.Nil) {
      return Optional.empty();
    } else if (form instanceof Form.Scalar s) {
      return s.value();
    } else if (form instanceof Form.VectorForm v) {
      if (TxResolver.isEnsure(v.items())) {
        List<Object> out = new ArrayList<>(values(v.items()));
        out.set(1, v.items().get(1)); // the query stays a form: lists and vectors differ in a query
        return Collections.unmodifiableList(out);
      }
      return values(v.items());
    } else if (form instanceof Form.ListForm l) {
      return values(l.items());
    } else if (form instanceof Form.SetForm s) {
      Set<Object> out = new LinkedHashSet<>();
      for (Form f : s.items()) {
        out.add(value(f));
      }
      return Collections.unmodifiableSet(out);
    } else if (form instanceof Form.MapForm m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Form.MapForm.Entry e : m.entries()) {
        out.put(value(e.key()), value(e.value()));
      }
      return Collections.unmodifiableMap(out);
    }
    throw new IllegalStateException("unhandled form " + form.getClass());
  }

  private static List<Object> values(List<Form> forms) {
    List<Object> out = new ArrayList<>(forms.size());
    for (Form f : forms) {
      out.add(value(f));
    }
    return Collections.unmodifiableList(out);
  }

}
