package dev.spoor.datalog;

import dev.spoor.core.Keyword;
import dev.spoor.core.Symbol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forms to the query AST: the shape of queries, clauses and rules, as Datomic writes them.
 * Every form that fits no alternative is a {@link QueryException} with code
 * {@code :query/syntax} at that form; whether the query makes sense (variables bound,
 * functions and rules known) is {@link QueryValidator}'s business.
 *
 * <pre>
 * query       = [section+] | {section-keyword [item*] ...}      sections in any order, each once
 * section     = :find find-spec | :keys name+ | :syms name+ | :strs name+ | :with ?var+
 *             | :in input+ | :where clause+ | :rules rule+
 * find-spec   = elem+ | elem '.' | [elem '...'] | [elem+]        relation, scalar, collection, tuple
 * elem        = ?var | (pull $src? ?var pattern) | (aggregate-fn arg* ?var)
 * input       = $src | % | binding
 * binding     = ?var | [slot+] | [?var '...'] | [[slot+] '...'] | [[slot+]]
 * slot        = ?var | _
 * clause      = [$src? term+]                          pattern, 1 to 5 terms
 *             | [(fn arg*)] | [(fn arg*) binding]      predicate, function call
 *             | ($src? not clause+) | ($src? not-join [?var+] clause+)
 *             | ($src? or branch+) | ($src? or-join [[?var+]? ?var*] branch+)
 *             | ($src? rule-name arg+)
 * branch      = clause | (and clause+)
 * rule        = [(rule-name [?var+]? ?var*) clause+]
 * </pre>
 *
 * <p>A clause without a source reads from the source of the {@code not} or {@code or} around
 * it, if that has one, and else from {@code $}; the AST always holds the resolved source.
 */
final class QuerySyntax {
  private static final Symbol DOTS = Symbol.of("...");
  private static final Symbol DOT = Symbol.of(".");
  private static final Symbol BLANK = Symbol.of("_");
  private static final Symbol PERCENT = Symbol.of("%");
  private static final Symbol PULL = Symbol.of("pull");
  private static final Symbol DEFAULT_SOURCE = Symbol.of("$");
  private static final Set<String> RESERVED = Set.of("not", "not-join", "or", "or-join", "and");

  /** The sections of a query, each with what one of its items is called. */
  private static final Map<String, String> SECTIONS = Map.of(
      "find", "element", "keys", "name", "syms", "name", "strs", "name",
      "with", "variable", "in", "input", "where", "clause", "rules", "rule");

  private final SourceText source;

  QuerySyntax(SourceText source) {
    this.source = source;
  }

  private record Section(Keyword name, Span at, List<Form> items) {}

  private record RuleVars(List<Term.Variable> required, List<Term.Variable> vars) {}

  // ---------------------------------------------------------------- queries

  Query query(Form form) {
    Map<String, Section> sections = sections(form);
    Section find = sections.get("find");
    if (find == null) {
      throw error(form.span(), "the query has no :find");
    }
    Query.Find findSpec = find(find);
    Query.Keys keys = keys(sections, findSpec);
    List<Term.Variable> with = sections.containsKey("with") ? with(sections.get("with")) : List.of();
    List<Query.Input> inputs = sections.containsKey("in")
        ? inputs(sections.get("in"))
        : List.of(new Query.Input.Source(defaultSource(form.span()), form.span()));
    List<Clause> where = sections.containsKey("where")
        ? clauses(sections.get("where").items(), defaultSource(sections.get("where").at()), false)
        : List.of();
    List<Rule> rules = sections.containsKey("rules") ? rules(sections.get("rules").items()) : List.of();
    return new Query(findSpec, keys, with, inputs, where, rules, form.span());
  }

  private Map<String, Section> sections(Form form) {
    Map<String, Section> sections = new LinkedHashMap<>();
    if (form instanceof Form.VectorForm || form instanceof Form.ListForm) {
      Keyword name = null;
      Span at = null;
      List<Form> items = new ArrayList<>();
      for (Form item : items(form)) {
        Keyword k = keyword(item);
        if (k != null) {
          if (name != null) {
            addSection(sections, name, at, items);
          }
          name = k;
          at = item.span();
          items = new ArrayList<>();
        } else if (name == null) {
          throw error(item.span(), "a query starts with :find, found " + Render.form(item));
        } else {
          items.add(item);
        }
      }
      if (name != null) {
        addSection(sections, name, at, items);
      }
    } else if (form instanceof Form.MapForm m) {
      for (Form.MapForm.Entry e : m.entries()) {
        Keyword k = keyword(e.key());
        if (k == null) {
          throw error(e.key().span(),
              "the keys of a map query are keywords such as :find and :where, found " + Render.form(e.key()));
        }
        if (!(e.value() instanceof Form.VectorForm || e.value() instanceof Form.ListForm)) {
          throw error(e.value().span(), k + " in a map query takes a vector, found " + Render.form(e.value()));
        }
        addSection(sections, k, e.key().span(), items(e.value()));
      }
    } else {
      throw error(form.span(), "a query is a vector [:find ... :where ...] or a map {:find [...] :where [...]}, found "
          + Render.form(form));
    }
    return sections;
  }

  private void addSection(Map<String, Section> sections, Keyword name, Span at, List<Form> items) {
    String key = name.hasNamespace() ? "" : name.name();
    String item = SECTIONS.get(key);
    if (item == null) {
      throw error(at, "unknown query section " + name
          + "; expected :find, :keys, :syms, :strs, :with, :in, :where or :rules");
    }
    Section prior = sections.get(key);
    if (prior != null) {
      throw error(at, "duplicate section " + name + ", first at line " + prior.at().line() + ":" + prior.at().column());
    }
    if (items.isEmpty()) {
      throw error(at, name + " needs at least one " + item);
    }
    sections.put(key, new Section(name, at, List.copyOf(items)));
  }

  private Query.Find find(Section find) {
    List<Form> items = find.items();
    if (items.size() == 1 && items.get(0) instanceof Form.VectorForm v) {
      List<Form> elements = v.items();
      if (elements.isEmpty()) {
        throw error(v.span(), "empty :find tuple []; write [?a ?b] for one tuple or [?a ...] for a collection");
      }
      int dots = indexOf(elements, DOTS);
      if (dots >= 0) {
        if (dots != 1 || elements.size() != 2) {
          throw error(elements.get(dots).span(),
              "a collection :find is [?x ...]: one element, then ..., found " + Render.form(v));
        }
        return new Query.Find.Collection(List.of(element(elements.get(0))));
      }
      return new Query.Find.Tuple(elements(elements));
    }
    int dot = indexOf(items, DOT);
    if (dot >= 0) {
      if (dot != 1 || items.size() != 2) {
        throw error(items.get(dot).span(), "a scalar :find is :find ?x . with exactly one element before the '.'");
      }
      return new Query.Find.Scalar(List.of(element(items.get(0))));
    }
    return new Query.Find.Relation(elements(items));
  }

  private List<Query.Element> elements(List<Form> forms) {
    List<Query.Element> elements = new ArrayList<>(forms.size());
    for (Form f : forms) {
      elements.add(element(f));
    }
    return elements;
  }

  private Query.Element element(Form f) {
    Symbol s = symbol(f);
    if (s != null && s.isVariable()) {
      return new Query.Element.Var(new Term.Variable(s, f.span()), f.span());
    }
    if (f instanceof Form.ListForm l && !l.items().isEmpty()) {
      Symbol head = symbol(l.items().get(0));
      if (PULL.equals(head)) {
        return pull(l);
      }
      if (head != null && isPlain(head)) {
        return aggregate(head, l);
      }
    }
    if (f instanceof Form.VectorForm) {
      throw error(f.span(), "a tuple [?a ?b] or collection [?a ...] must be the only element of :find");
    }
    throw error(f.span(),
        "expected a variable, an aggregate such as (count ?x) or a (pull ?e [...]) in :find, found " + Render.form(f));
  }

  private Query.Element aggregate(Symbol fn, Form.ListForm l) {
    List<Form> forms = l.items().subList(1, l.items().size());
    if (forms.isEmpty()) {
      throw error(l.span(), "aggregate (" + fn + ") needs the variable it aggregates, as in (" + fn + " ?x)");
    }
    List<Term> args = new ArrayList<>(forms.size());
    for (Form a : forms) {
      Symbol s = symbol(a);
      if (s != null && s.isVariable()) {
        args.add(new Term.Variable(s, a.span()));
      } else if (s != null) {
        throw error(a.span(), "expected a variable or a constant as an argument of aggregate " + fn + ", found " + s);
      } else {
        args.add(constant(a));
      }
    }
    Form last = forms.get(forms.size() - 1);
    if (!(args.get(args.size() - 1) instanceof Term.Variable)) {
      throw error(last.span(), "the last argument of aggregate " + fn + " must be the variable it aggregates, found "
          + Render.form(last));
    }
    return new Query.Element.Aggregate(fn, args, l.span());
  }

  private Query.Element pull(Form.ListForm l) {
    List<Form> args = l.items().subList(1, l.items().size());
    Term.SrcVar src = defaultSource(l.span());
    if (args.size() == 3) {
      Symbol s = symbol(args.get(0));
      if (s == null || !isSource(s)) {
        throw error(args.get(0).span(),
            "(pull $src ?e pattern) takes a source such as $ or $hist first, found " + Render.form(args.get(0)));
      }
      src = new Term.SrcVar(s, args.get(0).span());
      args = args.subList(1, 3);
    } else if (args.size() != 2) {
      throw error(l.span(), "pull takes an entity variable and a pattern, as in (pull ?e [:db/id :task/title]), "
          + "found " + args.size() + " argument" + (args.size() == 1 ? "" : "s"));
    }
    Form entity = args.get(0);
    Symbol e = symbol(entity);
    if (e == null || !e.isVariable()) {
      throw error(entity.span(), "pull takes an entity variable such as ?e, found " + Render.form(entity));
    }
    Form pattern = args.get(1);
    Symbol p = symbol(pattern);
    if (p != null && isPlain(p)) {
      throw error(pattern.span(), "pull pattern name " + p + ": Spoor takes a pattern given as an input as a variable; "
          + "write ?" + p + ", here and in :in");
    }
    if (!(pattern instanceof Form.VectorForm) && (p == null || !p.isVariable())) {
      throw error(pattern.span(), "a pull pattern is a vector such as [:db/id :task/title] or an input variable such as "
          + "?pattern, found " + Render.form(pattern));
    }
    return new Query.Element.Pull(src, new Term.Variable(e, entity.span()), pattern, l.span());
  }

  private Query.Keys keys(Map<String, Section> sections, Query.Find find) {
    Section keys = null;
    for (Section s : sections.values()) {
      if (s.name().equals(Keyword.of("keys")) || s.name().equals(Keyword.of("syms"))
          || s.name().equals(Keyword.of("strs"))) {
        if (keys != null) {
          throw error(s.at(), "a query takes only one of :keys, :syms and :strs; found " + keys.name() + " and "
              + s.name());
        }
        keys = s;
      }
    }
    if (keys == null) {
      return Query.Keys.NONE;
    }
    List<String> names = new ArrayList<>();
    for (Form f : keys.items()) {
      Symbol s = symbol(f);
      if (s == null || !isPlain(s)) {
        throw error(f.span(), keys.name() + " takes plain symbols such as artist, found " + Render.form(f));
      }
      if (names.contains(s.toString())) {
        throw error(f.span(), "duplicate name " + s + " in " + keys.name());
      }
      names.add(s.toString());
    }
    String problem = QueryValidator.keysProblem(keys.name(), names.size(), find);
    if (problem != null) {
      throw QueryException.at(QueryException.INVALID, keys.at(), problem, source);
    }
    Query.Keys.Kind kind = Query.Keys.Kind.valueOf(keys.name().name().toUpperCase(java.util.Locale.ROOT));
    return new Query.Keys(kind, names);
  }

  private List<Term.Variable> with(Section with) {
    List<Term.Variable> vars = new ArrayList<>();
    for (Form f : with.items()) {
      Symbol s = symbol(f);
      if (s == null || !s.isVariable()) {
        throw error(f.span(), ":with takes variables, found " + Render.form(f));
      }
      vars.add(new Term.Variable(s, f.span()));
    }
    return vars;
  }

  private List<Query.Input> inputs(Section in) {
    List<Query.Input> inputs = new ArrayList<>();
    for (Form f : in.items()) {
      inputs.add(input(f));
    }
    return inputs;
  }

  private Query.Input input(Form f) {
    Span span = f.span();
    Symbol s = symbol(f);
    if (s != null) {
      if (isSource(s)) {
        return new Query.Input.Source(new Term.SrcVar(s, span), span);
      } else if (s.equals(PERCENT)) {
        return new Query.Input.Rules(span);
      } else if (s.isVariable()) {
        return new Query.Input.Bind(new Binding.Scalar(new Term.Variable(s, span), span), span);
      } else if (s.equals(BLANK)) {
        throw error(span, "_ cannot stand for a whole input; to ignore part of one, use _ in a tuple such as [?x _]");
      } else if (isPlain(s)) {
        throw error(span, "unexpected symbol " + s + " in :in: inputs are sources ($, $name), rules (%) and bindings; "
            + "a variable starts with ?");
      }
    }
    if (f instanceof Form.VectorForm) {
      return new Query.Input.Bind(binding(f), span);
    }
    throw error(span, "expected a source ($ or $name), % or a binding (?x, [?x ?y], [?x ...] or [[?x ?y]]) in :in, "
        + "found " + Render.form(f));
  }

  /** {@code ?x}, {@code [?x _]}, {@code [?x ...]}, {@code [[?x ?y] ...]} or {@code [[?x ?y]]}. */
  private Binding binding(Form f) {
    Span span = f.span();
    Symbol s = symbol(f);
    if (s != null && s.isVariable()) {
      return new Binding.Scalar(new Term.Variable(s, span), span);
    }
    if (BLANK.equals(s)) {
      throw error(span, "_ cannot stand for a whole binding; use it inside a tuple or relation, as in [?x _]");
    }
    if (f instanceof Form.VectorForm v) {
      List<Form> items = v.items();
      if (items.isEmpty()) {
        throw error(span, "empty binding []; write [?x ?y], [?x ...] or [[?x ?y]]");
      }
      int dots = indexOf(items, DOTS);
      if (dots >= 0) {
        if (dots != 1 || items.size() != 2) {
          throw error(items.get(dots).span(), "a collection binding is [?x ...]: one variable or tuple, then ...");
        }
        Form element = items.get(0);
        Symbol e = symbol(element);
        if (e != null && e.isVariable()) {
          return new Binding.Collection(new Binding.Scalar(new Term.Variable(e, element.span()), element.span()), span);
        }
        if (element instanceof Form.VectorForm tuple) {
          return new Binding.Collection(new Binding.Tuple(slots(tuple), tuple.span()), span);
        }
        throw error(element.span(), "a collection binding holds a variable or a tuple, as in [?x ...] or [[?x ?y] ...], "
            + "found " + Render.form(element));
      }
      if (items.size() == 1 && items.get(0) instanceof Form.VectorForm relation) {
        return new Binding.Relation(slots(relation), span);
      }
      return new Binding.Tuple(slots(v), span);
    }
    throw error(span, "expected a binding: ?x, [?x ?y], [?x ...] or [[?x ?y]], found " + Render.form(f));
  }

  private List<Binding> slots(Form.VectorForm v) {
    if (v.items().isEmpty()) {
      throw error(v.span(), "empty tuple []; write the variables it binds, as in [?x ?y]");
    }
    List<Binding> slots = new ArrayList<>();
    for (Form f : v.items()) {
      Symbol s = symbol(f);
      if (s != null && s.isVariable()) {
        slots.add(new Binding.Scalar(new Term.Variable(s, f.span()), f.span()));
      } else if (BLANK.equals(s)) {
        slots.add(new Binding.Blank(f.span()));
      } else if (f instanceof Form.VectorForm) {
        throw error(f.span(), "a tuple binding holds variables and _, found " + Render.form(f)
            + "; a relation is written [[?a ?b]]");
      } else {
        throw error(f.span(), "expected a variable or _ in a binding, found " + Render.form(f));
      }
    }
    return slots;
  }

  // ---------------------------------------------------------------- clauses

  private List<Clause> clauses(List<Form> forms, Term.SrcVar source, boolean branches) {
    List<Clause> clauses = new ArrayList<>(forms.size());
    for (Form f : forms) {
      clauses.add(clause(f, source, branches));
    }
    return clauses;
  }

  private Clause clause(Form f, Term.SrcVar source, boolean branch) {
    if (f instanceof Form.VectorForm v) {
      return vectorClause(v, source);
    } else if (f instanceof Form.ListForm l) {
      return listClause(l, source, branch);
    }
    throw error(f.span(), "expected a clause, found " + Render.form(f) + ": a pattern [?e :a ?v], a predicate "
        + "[(< ?a 1)], a function call [(f ?a) ?b], (not ...), (or ...) or a rule call (rule ?a)");
  }

  /** A pattern, a predicate or a function call. */
  private Clause vectorClause(Form.VectorForm v, Term.SrcVar source) {
    List<Form> items = v.items();
    if (items.isEmpty()) {
      throw error(v.span(), "empty clause []; expected a pattern such as [?e :a ?v] or a predicate such as [(< ?a 1)]");
    }
    if (items.get(0) instanceof Form.ListForm call) {
      Symbol fn = functionName(call);
      List<Term> args = functionArgs(call, fn);
      if (items.size() == 1) {
        return new Clause.Predicate(fn, args, v.span());
      } else if (items.size() == 2) {
        return new Clause.FnCall(fn, args, binding(items.get(1)), v.span());
      }
      throw error(items.get(2).span(), "a function clause is [(f ?x)] or [(f ?x) binding], found "
          + (items.size() - 1) + " forms after the call");
    }
    List<Form> terms = items;
    Symbol first = symbol(items.get(0));
    if (first != null && isSource(first)) {
      source = new Term.SrcVar(first, items.get(0).span());
      terms = items.subList(1, items.size());
      if (terms.isEmpty()) {
        throw error(v.span(), "a pattern needs at least one term after the source " + first);
      }
    }
    if (terms.size() > 5) {
      throw error(terms.get(5).span(), "a pattern has at most 5 terms (e a v tx added), found " + terms.size());
    }
    List<Term> pattern = new ArrayList<>(terms.size());
    for (int i = 0; i < terms.size(); i++) {
      pattern.add(patternTerm(terms.get(i), i == 0));
    }
    return new Clause.Pattern(source, pattern, v.span());
  }

  private Term patternTerm(Form f, boolean first) {
    Symbol s = symbol(f);
    if (s != null) {
      if (s.isVariable()) {
        return new Term.Variable(s, f.span());
      } else if (s.equals(BLANK)) {
        return new Term.Blank(f.span());
      } else if (isSource(s)) {
        throw error(f.span(), "source " + s + " can only come first in a pattern");
      }
      String hint = first && isPlain(s) ? "; to call rule " + s + ", write (" + s + " ...)" : "";
      throw error(f.span(), "unexpected symbol " + s + " in a pattern: a variable starts with ?" + hint);
    }
    if (f instanceof Form.Nil) {
      throw error(f.span(), "a pattern cannot match nil; to find entities without an attribute, use "
          + "[(missing? $ ?e :attr)]");
    }
    return constant(f);
  }

  private Symbol functionName(Form.ListForm call) {
    if (call.items().isEmpty()) {
      throw error(call.span(), "empty function call (); expected (f ?x ...)");
    }
    Form head = call.items().get(0);
    Symbol s = symbol(head);
    if (s != null && s.isVariable()) {
      throw error(head.span(), "calling a function held in variable " + s + " is not supported; call a named function");
    }
    if (s == null || !isPlain(s)) {
      throw error(head.span(), "expected a function name, found " + Render.form(head));
    }
    return s;
  }

  private List<Term> functionArgs(Form.ListForm call, Symbol fn) {
    List<Term> args = new ArrayList<>();
    for (Form f : call.items().subList(1, call.items().size())) {
      Symbol s = symbol(f);
      if (s != null && s.isVariable()) {
        args.add(new Term.Variable(s, f.span()));
      } else if (s != null && isSource(s)) {
        args.add(new Term.SrcVar(s, f.span()));
      } else if (BLANK.equals(s)) {
        throw error(f.span(), "_ cannot be an argument of " + fn + "; pass a variable or a constant");
      } else if (s != null) {
        throw error(f.span(), "unexpected symbol " + s + " as an argument of " + fn + ": a variable starts with ?");
      } else if (f instanceof Form.ListForm) {
        throw error(f.span(), "function calls cannot be nested; bind " + Render.form(f)
            + " in a clause of its own, as in [" + Render.form(f) + " ?tmp]");
      } else {
        args.add(constant(f));
      }
    }
    return args;
  }

  /** not, not-join, or, or-join, and, or a rule call. */
  private Clause listClause(Form.ListForm l, Term.SrcVar outer, boolean branch) {
    List<Form> items = l.items();
    if (items.isEmpty()) {
      throw error(l.span(), "empty clause (); expected (not ...), (or ...) or a rule call such as (rule ?a)");
    }
    int at = 0;
    Term.SrcVar explicit = null;
    Symbol head = symbol(items.get(0));
    if (head != null && isSource(head)) {
      explicit = new Term.SrcVar(head, items.get(0).span());
      if (items.size() == 1) {
        throw error(l.span(), "expected not, not-join, or, or-join or a rule name after the source " + head);
      }
      at = 1;
      head = symbol(items.get(1));
    }
    Form op = items.get(at);
    if (head == null || !isPlain(head)) {
      throw error(op.span(), "expected not, not-join, or, or-join or a rule name, found " + Render.form(op));
    }
    Term.SrcVar source = explicit != null ? explicit : outer;
    List<Form> rest = items.subList(at + 1, items.size());
    String name = head.namespace().isEmpty() ? head.name() : "";
    switch (name) {
      case "and":
        if (explicit != null) {
          throw error(l.span(), "and takes no source; give it to the or around it");
        }
        if (!branch) {
          throw error(l.span(), "(and ...) can only be a branch of or or or-join");
        }
        return new Clause.And(body(rest, source, false, l, "and"), l.span());
      case "not":
        return new Clause.Not(source, List.of(), false, body(rest, source, false, l, "not"), l.span());
      case "not-join": {
        if (rest.isEmpty() || !(rest.get(0) instanceof Form.VectorForm vars)) {
          throw error(l.span(), "not-join takes its variables first, as in (not-join [?e] clause+)");
        }
        List<Term.Variable> joinVars = new ArrayList<>();
        for (Form f : vars.items()) {
          if (f instanceof Form.VectorForm) {
            throw error(f.span(), "not-join takes [?v ...]; required variables [[?r] ...] are for or-join and rules");
          }
          joinVars.add(variable(f, "not-join"));
        }
        if (joinVars.isEmpty()) {
          throw error(vars.span(), "not-join needs at least one variable, as in (not-join [?e] clause+)");
        }
        checkDistinct(joinVars, "not-join");
        List<Clause> body = body(rest.subList(1, rest.size()), source, false, l, "not-join");
        return new Clause.Not(source, joinVars, true, body, l.span());
      }
      case "or":
        return new Clause.Or(source, List.of(), List.of(), false, body(rest, source, true, l, "or"), l.span());
      case "or-join": {
        if (rest.isEmpty() || !(rest.get(0) instanceof Form.VectorForm vars)) {
          throw error(l.span(), "or-join takes its variables first, as in (or-join [?e] branch+) or "
              + "(or-join [[?required] ?e] branch+)");
        }
        if (vars.items().isEmpty()) {
          throw error(vars.span(), "or-join needs at least one variable, as in (or-join [?e] branch+)");
        }
        RuleVars rv = ruleVars(vars.items(), "or-join");
        List<Clause> branches = body(rest.subList(1, rest.size()), source, true, l, "or-join");
        return new Clause.Or(source, rv.required(), rv.vars(), true, branches, l.span());
      }
      default:
        return ruleCall(source, head, rest, l);
    }
  }

  private List<Clause> body(List<Form> forms, Term.SrcVar source, boolean branches, Form.ListForm l, String what) {
    if (forms.isEmpty()) {
      throw error(l.span(), "(" + what + " ...) needs at least one " + (branches ? "branch" : "clause"));
    }
    return clauses(forms, source, branches);
  }

  private Clause ruleCall(Term.SrcVar source, Symbol name, List<Form> forms, Form.ListForm l) {
    if (!name.namespace().isEmpty()) {
      throw error(l.span(), "expected a rule call, found " + Render.form(l) + ": rule names are unqualified; "
          + "to call function " + name + ", write [" + Render.form(l) + "]");
    }
    if (forms.isEmpty()) {
      throw error(l.span(), "a rule call needs at least one argument, as in (" + name + " ?x)");
    }
    List<Term> args = new ArrayList<>();
    for (Form f : forms) {
      Symbol s = symbol(f);
      if (s != null && s.isVariable()) {
        args.add(new Term.Variable(s, f.span()));
      } else if (BLANK.equals(s)) {
        args.add(new Term.Blank(f.span()));
      } else if (s != null) {
        throw error(f.span(),
            "unexpected symbol " + s + " as an argument of rule " + name + ": a variable starts with ?");
      } else {
        args.add(constant(f));
      }
    }
    return new Clause.RuleCall(source, name, args, l.span());
  }

  // ---------------------------------------------------------------- rules

  /** A rule set: a vector of rules. */
  List<Rule> ruleSet(Form form) {
    if (!(form instanceof Form.VectorForm || form instanceof Form.ListForm)) {
      throw error(form.span(), "a rule set is a vector of rules, [[(name ?a) clause+] ...], found " + Render.form(form));
    }
    return rules(items(form));
  }

  private List<Rule> rules(List<Form> forms) {
    List<Rule> rules = new ArrayList<>(forms.size());
    for (Form f : forms) {
      rules.add(rule(f));
    }
    return rules;
  }

  private Rule rule(Form f) {
    if (!(f instanceof Form.VectorForm v) || v.items().isEmpty()
        || !(v.items().get(0) instanceof Form.ListForm || v.items().get(0) instanceof Form.VectorForm)) {
      throw error(f.span(), "a rule is [(name ?a ...) clause+], found " + Render.form(f));
    }
    Form headForm = v.items().get(0);
    List<Form> head = items(headForm);
    if (head.isEmpty()) {
      throw error(headForm.span(), "empty rule head; expected (name ?a ...)");
    }
    Symbol name = symbol(head.get(0));
    if (name != null && RESERVED.contains(name.toString())) {
      throw error(head.get(0).span(), "a rule cannot be named " + name + ", which is a clause: not, not-join, or, "
          + "or-join and and");
    }
    if (name == null || !isPlain(name)) {
      throw error(head.get(0).span(),
          "a rule name is a plain symbol such as ancestor, found " + Render.form(head.get(0)));
    }
    if (!name.namespace().isEmpty()) {
      throw error(head.get(0).span(), "rule names are unqualified symbols, found " + name);
    }
    if (head.size() == 1) {
      throw error(headForm.span(), "rule " + name + " needs at least one variable in its head, as in (" + name + " ?a)");
    }
    RuleVars vars = ruleVars(head.subList(1, head.size()), "the head of rule " + name);
    if (v.items().size() == 1) {
      throw error(v.span(), "rule " + name + " has no clauses; a rule is [(" + name + " ?a ...) clause+]");
    }
    List<Clause> body = clauses(v.items().subList(1, v.items().size()), defaultSource(v.span()), false);
    return new Rule(name, vars.required(), vars.vars(), body, v.span());
  }

  /** {@code [?req ...]? ?var*}: the variables of a rule head or of or-join. */
  private RuleVars ruleVars(List<Form> forms, String context) {
    List<Term.Variable> required = new ArrayList<>();
    List<Term.Variable> vars = new ArrayList<>();
    for (int i = 0; i < forms.size(); i++) {
      Form f = forms.get(i);
      if (f instanceof Form.VectorForm req) {
        if (i != 0) {
          throw error(f.span(), "required variables come first in " + context + ": [?required ...] ?other ...");
        }
        if (req.items().isEmpty()) {
          throw error(f.span(), "empty required variables [] in " + context);
        }
        for (Form r : req.items()) {
          required.add(variable(r, context));
        }
      } else {
        vars.add(variable(f, context));
      }
    }
    List<Term.Variable> all = new ArrayList<>(required);
    all.addAll(vars);
    checkDistinct(all, context);
    return new RuleVars(required, vars);
  }

  private Term.Variable variable(Form f, String context) {
    Symbol s = symbol(f);
    if (s == null || !s.isVariable()) {
      throw error(f.span(), "expected a variable in " + context + ", found " + Render.form(f));
    }
    return new Term.Variable(s, f.span());
  }

  private void checkDistinct(List<Term.Variable> vars, String context) {
    Set<Term.Variable> seen = new HashSet<>();
    for (Term.Variable v : vars) {
      if (!seen.add(v)) {
        throw error(v.span(), "variable " + v + " appears twice in " + context);
      }
    }
  }

  // ---------------------------------------------------------------- terms

  /** A constant: any form but a symbol, holding no variable and no nil. */
  private Term.Constant constant(Form f) {
    checkConstant(f, f);
    return new Term.Constant(f.toValue(), f.span());
  }

  private void checkConstant(Form f, Form whole) {
    if (f instanceof Form.Nil) {
      throw error(f.span(), "nil is not a value here (Spoor's values have no null)");
    }
    Symbol s = symbol(f);
    if (s != null && s.isVariable()) {
      throw error(f.span(), "variable " + s + " inside the constant " + Render.form(whole)
          + "; a variable stands alone, as a whole argument");
    }
    if (f instanceof Form.MapForm m) {
      for (Form.MapForm.Entry e : m.entries()) {
        checkConstant(e.key(), whole);
        checkConstant(e.value(), whole);
      }
    } else if (!(f instanceof Form.Scalar)) {
      for (Form item : items(f)) {
        checkConstant(item, whole);
      }
    }
  }

  private static Term.SrcVar defaultSource(Span span) {
    return new Term.SrcVar(DEFAULT_SOURCE, span);
  }

  private QueryException error(Span at, String problem) {
    return QueryException.at(QueryException.SYNTAX, at, problem, source);
  }

  // ---------------------------------------------------------------- forms

  static boolean isSource(Symbol s) {
    return s.namespace().isEmpty() && s.name().startsWith("$");
  }

  /** A symbol that is not a variable, a source, {@code %}, {@code _}, {@code .} or {@code ...}. */
  static boolean isPlain(Symbol s) {
    return !s.isVariable() && !isSource(s) && !s.equals(PERCENT) && !s.equals(BLANK) && !s.equals(DOT)
        && !s.equals(DOTS);
  }

  private static Symbol symbol(Form f) {
    return f instanceof Form.Scalar s && s.value() instanceof Symbol sym ? sym : null;
  }

  private static Keyword keyword(Form f) {
    return f instanceof Form.Scalar s && s.value() instanceof Keyword k ? k : null;
  }

  private static List<Form> items(Form f) {
    if (f instanceof Form.VectorForm v) {
      return v.items();
    } else if (f instanceof Form.ListForm l) {
      return l.items();
    } else if (f instanceof Form.SetForm s) {
      return s.items();
    }
    return List.of();
  }

  private static int indexOf(List<Form> forms, Symbol s) {
    for (int i = 0; i < forms.size(); i++) {
      if (s.equals(symbol(forms.get(i)))) {
        return i;
      }
    }
    return -1;
  }
}
