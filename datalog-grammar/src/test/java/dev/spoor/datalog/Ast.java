package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expected query ASTs, written tersely, and the comparison that ignores positions.
 *
 * <p>Terms are given as strings where that is unambiguous: {@code "?x"} is a variable,
 * {@code "_"} a blank, {@code "$"} or {@code "$name"} a source and {@code ":a/b"} a keyword
 * constant; anything else is a constant ({@code 42L}, {@code c("text")},
 * {@code List.of(kw("ext/id"), "t1")}).
 */
final class Ast {
  /** The position every expected node gets; {@link #strip} gives it to actual ones too. */
  static final Span S = new Span(1, 0, 0, 0);

  private Ast() {}

  // ---------------------------------------------------------------- comparing

  /** Asserts that {@code actual} is {@code expected}, positions aside. */
  static void assertAst(Object actual, Object expected) {
    assertThat(strip(actual)).isEqualTo(strip(expected));
  }

  /** {@code o} with every {@link Span} in it replaced by {@link #S}. */
  static Object strip(Object o) {
    if (o instanceof Span) {
      return S;
    } else if (o instanceof List<?> list) {
      List<Object> stripped = new ArrayList<>(list.size());
      for (Object item : list) {
        stripped.add(strip(item));
      }
      return stripped;
    } else if (o instanceof Record r) {
      try {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
          components[i].getAccessor().setAccessible(true);
          values[i] = strip(components[i].getAccessor().invoke(r));
          types[i] = components[i].getType();
        }
        Constructor<?> canonical = r.getClass().getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return canonical.newInstance(values);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return o;
  }

  // ---------------------------------------------------------------- parsing

  static Query parse(String text) {
    return QueryParser.parseQuery(text, FunctionNames.builtIns());
  }

  /** The exception parsing {@code text} as a query throws. */
  static QueryException queryError(String text) {
    QueryException e = catchThrowableOfType(QueryException.class, () -> parse(text));
    assertThat(e).as("an error parsing %s", text).isNotNull();
    return e;
  }

  /** The exception parsing {@code query}, then validating it with {@code rules}, throws. */
  static QueryException validationError(String query, String rules) {
    QueryException e = catchThrowableOfType(QueryException.class, () -> {
      Query q = parse(query);
      QueryParser.validate(q, QueryParser.parseRules(rules), FunctionNames.builtIns());
    });
    assertThat(e).as("an error validating %s with %s", query, rules).isNotNull();
    return e;
  }

  // ---------------------------------------------------------------- terms

  static Keyword kw(String name) {
    return Keyword.of(name);
  }

  static Term.Variable v(String name) {
    return new Term.Variable(Symbol.of(name), S);
  }

  static List<Term.Variable> vars(String... names) {
    return Arrays.stream(names).map(Ast::v).toList();
  }

  static Term.Constant c(Object value) {
    return new Term.Constant(value, S);
  }

  static Term.SrcVar src(String name) {
    return new Term.SrcVar(Symbol.of(name), S);
  }

  static Term term(Object o) {
    if (o instanceof Term t) {
      return t;
    } else if (o instanceof String s && s.startsWith("?")) {
      return v(s);
    } else if ("_".equals(o)) {
      return new Term.Blank(S);
    } else if (o instanceof String s && s.startsWith("$")) {
      return src(s);
    } else if (o instanceof String s && s.startsWith(":")) {
      return c(kw(s.substring(1)));
    }
    return c(o);
  }

  static List<Term> terms(Object... os) {
    return Arrays.stream(os).map(Ast::term).toList();
  }

  // ---------------------------------------------------------------- clauses

  /** A pattern; a first term {@code "$..."} is its source, else it reads {@code $}. */
  static Clause.Pattern pattern(Object... terms) {
    if (terms.length > 0 && terms[0] instanceof String s && s.startsWith("$")) {
      return new Clause.Pattern(src(s), terms(Arrays.copyOfRange(terms, 1, terms.length)), S);
    }
    return new Clause.Pattern(src("$"), terms(terms), S);
  }

  static Clause.Predicate pred(String fn, Object... args) {
    return new Clause.Predicate(Symbol.of(fn), terms(args), S);
  }

  static Clause.FnCall fn(Binding binding, String fn, Object... args) {
    return new Clause.FnCall(Symbol.of(fn), terms(args), binding, S);
  }

  static Clause.Not not(Clause... body) {
    return notFrom("$", body);
  }

  static Clause.Not notFrom(String source, Clause... body) {
    return new Clause.Not(src(source), List.of(), false, List.of(body), S);
  }

  static Clause.Not notJoin(List<Term.Variable> vars, Clause... body) {
    return new Clause.Not(src("$"), vars, true, List.of(body), S);
  }

  static Clause.Or or(Clause... branches) {
    return orFrom("$", branches);
  }

  static Clause.Or orFrom(String source, Clause... branches) {
    return new Clause.Or(src(source), List.of(), List.of(), false, List.of(branches), S);
  }

  static Clause.Or orJoin(List<Term.Variable> required, List<Term.Variable> vars, Clause... branches) {
    return new Clause.Or(src("$"), required, vars, true, List.of(branches), S);
  }

  static Clause.And and(Clause... clauses) {
    return new Clause.And(List.of(clauses), S);
  }

  static Clause.RuleCall call(String rule, Object... args) {
    return callFrom("$", rule, args);
  }

  static Clause.RuleCall callFrom(String source, String rule, Object... args) {
    return new Clause.RuleCall(src(source), Symbol.of(rule), terms(args), S);
  }

  static Rule rule(String name, List<Term.Variable> required, List<Term.Variable> vars, Clause... body) {
    return new Rule(Symbol.of(name), required, vars, List.of(body), S);
  }

  // ---------------------------------------------------------------- bindings

  static Binding.Scalar bind(String var) {
    return new Binding.Scalar(v(var), S);
  }

  private static Binding slot(String name) {
    return name.equals("_") ? new Binding.Blank(S) : bind(name);
  }

  static Binding.Tuple bindTuple(String... slots) {
    return new Binding.Tuple(Arrays.stream(slots).map(Ast::slot).toList(), S);
  }

  static Binding.Collection bindColl(String var) {
    return new Binding.Collection(bind(var), S);
  }

  static Binding.Collection bindColl(Binding.Tuple tuple) {
    return new Binding.Collection(tuple, S);
  }

  static Binding.Relation bindRel(String... columns) {
    return new Binding.Relation(Arrays.stream(columns).map(Ast::slot).toList(), S);
  }

  // ---------------------------------------------------------------- queries

  /** {@code "?x"}: a variable; an element as is. */
  static Query.Element element(Object o) {
    return o instanceof Query.Element e ? e : new Query.Element.Var(v((String) o), S);
  }

  static Query.Element.Aggregate agg(String fn, Object... args) {
    return new Query.Element.Aggregate(Symbol.of(fn), terms(args), S);
  }

  /** {@code (pull ?e pattern)}; {@code pattern} is EDN text. */
  static Query.Element.Pull pull(String entity, String pattern) {
    return pullFrom("$", entity, pattern);
  }

  static Query.Element.Pull pullFrom(String source, String entity, String pattern) {
    return new Query.Element.Pull(src(source), v(entity), EdnReader.readOne(pattern), S);
  }

  static Query.Find relation(Object... elements) {
    return new Query.Find.Relation(Arrays.stream(elements).map(Ast::element).toList());
  }

  static Query.Find collection(Object element) {
    return new Query.Find.Collection(List.of(element(element)));
  }

  static Query.Find tuple(Object... elements) {
    return new Query.Find.Tuple(Arrays.stream(elements).map(Ast::element).toList());
  }

  static Query.Find scalar(Object element) {
    return new Query.Find.Scalar(List.of(element(element)));
  }

  /** {@code "$..."}: a source; {@code "%"}: rules; {@code "?x"}: a scalar binding; a binding as is. */
  static Query.Input input(Object o) {
    if (o instanceof Binding b) {
      return new Query.Input.Bind(b, S);
    }
    String s = (String) o;
    if (s.startsWith("$")) {
      return new Query.Input.Source(src(s), S);
    } else if (s.equals("%")) {
      return new Query.Input.Rules(S);
    }
    return new Query.Input.Bind(bind(s), S);
  }

  static QueryBuilder find(Query.Find find) {
    return new QueryBuilder(find);
  }

  /** A query with {@code :in $}, no :keys, :with or rules unless told. */
  static final class QueryBuilder {
    private final Query.Find find;
    private Query.Keys keys = Query.Keys.NONE;
    private List<Term.Variable> with = List.of();
    private List<Query.Input> inputs = List.of(input("$"));
    private List<Rule> rules = List.of();

    QueryBuilder(Query.Find find) {
      this.find = find;
    }

    QueryBuilder keys(Query.Keys.Kind kind, String... names) {
      keys = new Query.Keys(kind, List.of(names));
      return this;
    }

    QueryBuilder with(String... vars) {
      with = vars(vars);
      return this;
    }

    QueryBuilder in(Object... inputs) {
      this.inputs = Arrays.stream(inputs).map(Ast::input).toList();
      return this;
    }

    QueryBuilder rules(Rule... rules) {
      this.rules = List.of(rules);
      return this;
    }

    Query where(Clause... where) {
      return new Query(find, keys, with, inputs, List.of(where), rules, S);
    }
  }
}
