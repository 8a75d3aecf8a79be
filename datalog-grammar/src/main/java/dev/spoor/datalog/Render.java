package dev.spoor.datalog;

import dev.spoor.core.Edn;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The query AST written back as EDN, for error messages: {@code [(> ?age 30)]},
 * {@code (not-join [?e] [?e :a ?v])}. Sources are shown when they are not {@code $}.
 */
final class Render {
  /** Clauses longer than this are cut in messages, and end in {@code ...}. */
  static final int MAX = 60;

  private Render() {}

  /** {@code s} cut to {@link #MAX} characters. */
  static String cut(String s) {
    return s.length() > MAX ? s.substring(0, MAX) + "..." : s;
  }

  /** A clause, cut when long. */
  static String clause(Clause c) {
    return cut(full(c));
  }

  /** A form, cut when long. */
  static String form(Form f) {
    StringBuilder sb = new StringBuilder();
    form(f, sb);
    return cut(sb.toString());
  }

  /** Variables as {@code ?a, ?b}. */
  static String vars(Collection<Term.Variable> vars) {
    return vars.stream().map(Term.Variable::toString).collect(Collectors.joining(", "));
  }

  static String full(Clause c) {
    if (c instanceof Clause.Pattern p) {
      return "[" + source(p.source()) + terms(p.terms()) + "]";
    } else if (c instanceof Clause.Predicate p) {
      return "[" + call(p.fn().toString(), p.args()) + "]";
    } else if (c instanceof Clause.FnCall f) {
      return "[" + call(f.fn().toString(), f.args()) + " " + binding(f.binding()) + "]";
    } else if (c instanceof Clause.Not n) {
      return "(" + source(n.source()) + operator(c) + " " + clauses(n.body()) + ")";
    } else if (c instanceof Clause.Or o) {
      return "(" + source(o.source()) + operator(c) + " " + clauses(o.branches()) + ")";
    } else if (c instanceof Clause.And a) {
      return "(and " + clauses(a.clauses()) + ")";
    } else if (c instanceof Clause.RuleCall r) {
      return "(" + source(r.source()) + r.name() + (r.args().isEmpty() ? "" : " " + terms(r.args())) + ")";
    }
    throw new IllegalStateException("no rendering for " + c.getClass().getName());
  }

  /** A not or or with its body left out, as in {@code (or-join [[?a] ?e] ...)}; other clauses whole. */
  static String head(Clause c) {
    if (c instanceof Clause.Not n) {
      return "(" + source(n.source()) + operator(c) + " ...)";
    } else if (c instanceof Clause.Or o) {
      return "(" + source(o.source()) + operator(c) + " ...)";
    }
    return clause(c);
  }

  /** {@code not}, {@code not-join [?e]}, {@code or} or {@code or-join [[?a] ?e]}. */
  private static String operator(Clause c) {
    if (c instanceof Clause.Not n) {
      return n.explicitJoin() ? "not-join [" + varList(n.joinVars()) + "]" : "not";
    }
    Clause.Or o = (Clause.Or) c;
    if (!o.explicitJoin()) {
      return "or";
    }
    String required = o.required().isEmpty() ? "" : "[" + varList(o.required()) + "]";
    String rest = varList(o.joinVars());
    return "or-join [" + required + (required.isEmpty() || rest.isEmpty() ? "" : " ") + rest + "]";
  }

  static String term(Term t) {
    if (t instanceof Term.Variable v) {
      return v.toString();
    } else if (t instanceof Term.Blank) {
      return "_";
    } else if (t instanceof Term.SrcVar s) {
      return s.toString();
    } else if (t instanceof Term.Constant c) {
      return Edn.print(c.value());
    }
    throw new IllegalStateException("no rendering for " + t.getClass().getName());
  }

  static String binding(Binding b) {
    if (b instanceof Binding.Scalar s) {
      return s.variable().toString();
    } else if (b instanceof Binding.Blank) {
      return "_";
    } else if (b instanceof Binding.Tuple t) {
      return "[" + t.elements().stream().map(Render::binding).collect(Collectors.joining(" ")) + "]";
    } else if (b instanceof Binding.Collection c) {
      return "[" + binding(c.element()) + " ...]";
    } else if (b instanceof Binding.Relation r) {
      return "[[" + r.columns().stream().map(Render::binding).collect(Collectors.joining(" ")) + "]]";
    }
    throw new IllegalStateException("no rendering for " + b.getClass().getName());
  }

  /** A {@code :find} element, cut when long. */
  static String element(Query.Element e) {
    if (e instanceof Query.Element.Var v) {
      return v.variable().toString();
    } else if (e instanceof Query.Element.Aggregate a) {
      return cut(call(a.fn().toString(), a.args()));
    } else if (e instanceof Query.Element.Pull p) {
      StringBuilder sb = new StringBuilder("(pull ");
      if (!p.source().isDefault()) {
        sb.append(p.source()).append(' ');
      }
      sb.append(p.entity()).append(' ');
      form(p.pattern(), sb);
      return cut(sb.append(')').toString());
    }
    throw new IllegalStateException("no rendering for " + e.getClass().getName());
  }

  private static String call(String fn, List<Term> args) {
    return "(" + fn + (args.isEmpty() ? "" : " " + terms(args)) + ")";
  }

  private static String source(Term.SrcVar s) {
    return s.isDefault() ? "" : s + " ";
  }

  private static String terms(List<Term> terms) {
    return terms.stream().map(Render::term).collect(Collectors.joining(" "));
  }

  private static String varList(List<Term.Variable> vars) {
    return vars.stream().map(Term.Variable::toString).collect(Collectors.joining(" "));
  }

  private static String clauses(List<Clause> clauses) {
    return clauses.stream().map(Render::full).collect(Collectors.joining(" "));
  }

  private static void form(Form f, StringBuilder sb) {
    if (f instanceof Form.Nil) {
      sb.append("nil");
    } else if (f instanceof Form.Scalar s) {
      sb.append(Edn.print(s.value()));
    } else if (f instanceof Form.ListForm l) {
      items("(", l.items(), ")", sb);
    } else if (f instanceof Form.VectorForm v) {
      items("[", v.items(), "]", sb);
    } else if (f instanceof Form.SetForm s) {
      items("#{", s.items(), "}", sb);
    } else if (f instanceof Form.MapForm m) {
      sb.append('{');
      String sep = "";
      for (Form.MapForm.Entry e : m.entries()) {
        sb.append(sep);
        form(e.key(), sb);
        sb.append(' ');
        form(e.value(), sb);
        sep = ", ";
      }
      sb.append('}');
    } else {
      throw new IllegalStateException("no rendering for " + f.getClass().getName());
    }
  }

  private static void items(String open, List<Form> items, String close, StringBuilder sb) {
    sb.append(open);
    String sep = "";
    for (Form item : items) {
      sb.append(sep);
      form(item, sb);
      sep = " ";
    }
    sb.append(close);
  }
}
