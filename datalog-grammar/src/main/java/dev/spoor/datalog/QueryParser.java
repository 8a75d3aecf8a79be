package dev.spoor.datalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Datalog queries and rule sets, as Datomic writes them in EDN, to the AST of {@link Query},
 * {@link Clause} and {@link Rule}, checked before any evaluation.
 *
 * <p>How the evaluator uses it:
 *
 * <pre>{@code
 * Query query = QueryParser.parseQuery(text, functions);        // shape, and all it can check
 * List<Rule> rules = QueryParser.parseRules(rulesText);         // when the query has % in :in
 * QueryParser.validate(query, rules, functions);                // everything, rules included
 * }</pre>
 *
 * <p>{@code parseQuery} checks everything that does not depend on the rules passed as
 * {@code %}: a query without {@code %} in {@code :in} is fully validated there. With
 * {@code %}, calls to rules it cannot see yet are let through until {@link #validate}, which
 * checks the whole query again with its rules. {@code validate} is cheap and idempotent, so
 * calling it for every query, with an empty list when there is no {@code %}, is fine.
 *
 * <p>Every problem is a {@link QueryException} at the offending form; text that is not EDN
 * is an {@link EdnParseException}. Errors show the source line when the query or rules were
 * parsed from text, including those {@code validate} finds later. All methods are
 * thread-safe.
 *
 * <p>The AST as the evaluator sees it:
 *
 * <ul>
 *   <li>a query without {@code :in} gets {@code :in $};
 *   <li>a clause without a source holds the source it reads from: that of the {@code not} or
 *       {@code or} around it, or else {@code $} (in rule bodies always {@code $}, which
 *       stands for the source the rule was called with);
 *   <li>constants are plain Java values ({@link Form#toValue()}): a lookup ref
 *       {@code [:ext/id "t1"]} is a {@code List}; they never hold {@code nil} or variables;
 *   <li>a pull pattern is the {@link Form} as read: a vector, or a variable {@code ?p}
 *       naming a scalar {@code :in} input that holds the pattern;
 *   <li>bindings are as written: {@code [[?a ?b] ...]} is a collection of tuples, the same
 *       thing as the relation {@code [[?a ?b]]}; {@code _} appears only inside tuples and
 *       relations.
 * </ul>
 */
public final class QueryParser {
  private QueryParser() {}

  /**
   * The query in {@code text}: a vector {@code [:find ... :in ... :where ...]} or a map
   * {@code {:find [...] :in [...] :where [...]}}, with sections {@code :find},
   * {@code :keys}/{@code :syms}/{@code :strs}, {@code :with}, {@code :in}, {@code :where}
   * and {@code :rules} (inline rules, an alternative to {@code %}), each at most once.
   *
   * @throws QueryException for a query of the wrong shape ({@code :query/syntax}) or that
   *     cannot be evaluated ({@code :query/invalid})
   * @throws EdnParseException for text that is not one EDN form
   */
  public static Query parseQuery(String text, FunctionNames functions) {
    requireNonNull(text, "text");
    requireNonNull(functions, "functions");
    Form form = EdnReader.readOne(text);
    Query query = new QuerySyntax(SourceText.of(text)).query(form);
    ParsedSources.remember(query, text);
    for (Rule rule : query.rules()) {
      ParsedSources.remember(rule, text);
    }
    check(query, functions);
    return query;
  }

  /** {@link #parseQuery(String, FunctionNames)} for a form already read; errors have no excerpt. */
  public static Query parseQuery(Form form, FunctionNames functions) {
    requireNonNull(form, "form");
    requireNonNull(functions, "functions");
    Query query = new QuerySyntax(SourceText.NONE).query(form);
    check(query, functions);
    return query;
  }

  /**
   * The rule set in {@code text}: {@code [[(name ?a ?b) clause+] ...]}, with required
   * variables as a vector first in the head, {@code (name [?req] ?a)}. Definitions of one
   * name are branches of one rule and must agree on arity. Function names are checked by
   * {@link #validate}, which knows them.
   */
  public static List<Rule> parseRules(String text) {
    requireNonNull(text, "text");
    Form form = EdnReader.readOne(text);
    List<Rule> rules = new QuerySyntax(SourceText.of(text)).ruleSet(form);
    for (Rule rule : rules) {
      ParsedSources.remember(rule, text);
    }
    new QueryValidator(null, ParsedSources::of).ruleSet(rules);
    return rules;
  }

  /** {@link #parseRules(String)} for a form already read; errors have no excerpt. */
  public static List<Rule> parseRules(Form form) {
    requireNonNull(form, "form");
    List<Rule> rules = new QuerySyntax(SourceText.NONE).ruleSet(form);
    new QueryValidator(null, ParsedSources::of).ruleSet(rules);
    return rules;
  }

  /**
   * Checks {@code query} with the rules passed as its {@code %} input: everything
   * {@link #parseQuery} checks, and also that every rule called is defined (inline or in
   * {@code rules}), gets the right number of arguments and its required ones bound, and
   * that the rule bodies are valid too.
   *
   * @param rules the {@code %} input; empty when the query has no {@code %}. The query's own
   *     inline rules are always included; passing them here as well (the very same objects)
   *     is harmless
   * @throws QueryException with code {@code :query/invalid} (or {@code :query/syntax} for
   *     an AST built by hand with the wrong shape) at the first problem
   * @throws IllegalArgumentException if {@code rules} is not empty but the query has no
   *     {@code %} in {@code :in} to receive them
   */
  public static void validate(Query query, List<Rule> rules, FunctionNames functions) {
    requireNonNull(query, "query");
    requireNonNull(rules, "rules");
    requireNonNull(functions, "functions");
    List<Rule> given = QueryValidator.withoutInline(query, rules);
    if (!given.isEmpty() && query.inputs().stream().noneMatch(in -> in instanceof Query.Input.Rules)) {
      throw new IllegalArgumentException("rules given for a query without % in :in");
    }
    new QueryValidator(functions, ParsedSources::of).query(query, given, true);
  }

  private static void check(Query query, FunctionNames functions) {
    new QueryValidator(functions, ParsedSources::of).query(query, List.of(), false);
  }

  /** A clause written back as EDN (long clauses cut with {@code ...}), for plans and messages. */
  public static String render(Clause clause) {
    return Render.clause(clause);
  }
}
