package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.spoor.core.Keyword;
import dev.spoor.core.SpoorException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries and rules that must be rejected before evaluation, each with its exact message:
 * {@code line L:C: problem}, the source line and a caret under the offending clause. The
 * text is part of the contract. A case with rules is parsed, then validated with them.
 */
class QueryErrorsTest {

  static Stream<Arguments> rejected() {
    return Stream.of(
        arguments("a variable nothing binds, in a predicate",
            "[:find ?e :where [?e :age ?a] [(> ?age 30)]]", null, ":query/invalid", """
            line 1:30: variable ?age is not bound by any clause; [(> ?age 30)] needs it bound
            [:find ?e :where [?e :age ?a] [(> ?age 30)]]
                                          ^"""),
        arguments("a variable nothing binds, as a function argument",
            "[:find ?e ?y :where [?e :age ?a] [(inc ?x) ?y]]", null, ":query/invalid", """
            line 1:33: variable ?x is not bound by any clause; [(inc ?x) ?y] needs it bound
            [:find ?e ?y :where [?e :age ?a] [(inc ?x) ?y]]
                                             ^"""),
        arguments("variables only bound by each other",
            "[:find ?y :where [(inc ?z) ?y] [(dec ?y) ?z]]", null, ":query/invalid", """
            line 1:17: variable ?z is not bound before [(inc ?z) ?y] needs it: the clauses that bind ?z need unbound variables themselves
            [:find ?y :where [(inc ?z) ?y] [(dec ?y) ?z]]
                             ^"""),
        arguments("a not sharing no variable with the query (DataScript)",
            "[:find ?e :where [?e :name] (not [?a :name \"Ivan\"])]", null, ":query/invalid", """
            line 1:28: (not [?a :name "Ivan"]) uses ?a, which no clause outside it binds; a not joins on all its variables, as in Datomic, so bind it outside or keep it local with (not-join [...] ...)
            [:find ?e :where [?e :name] (not [?a :name "Ivan"])]
                                        ^"""),
        arguments("a not with a variable only it uses (Datomic: insufficient binding)",
            "[:find ?n :where [?e :name ?n] (not [?e :follows ?f] [?f :sex :female])]", null, ":query/invalid", """
            line 1:31: (not [?e :follows ?f] [?f :sex :female]) uses ?f, which no clause outside it binds; a not joins on all its variables, as in Datomic, so bind it outside or keep it local with (not-join [...] ...)
            [:find ?n :where [?e :name ?n] (not [?e :follows ?f] [?f :sex :female])]
                                           ^"""),
        arguments("a not using no variable",
            "[:find ?e :where [?e :a] (not [1 :a 2])]", null, ":query/invalid", """
            line 1:25: (not [1 :a 2]) uses no variable; a not must share one with the clauses around it
            [:find ?e :where [?e :a] (not [1 :a 2])]
                                     ^"""),
        arguments("a variable nothing binds inside a not",
            "[:find ?e :where [?e :name ?a] (not [?e :age ?f] [(> ?f ?g)])]", null, ":query/invalid", """
            line 1:31: (not [?e :age ?f] [(> ?f ?g)]) uses ?f, ?g, which no clause outside it binds; a not joins on all its variables, as in Datomic, so bind them outside or keep them local with (not-join [...] ...)
            [:find ?e :where [?e :name ?a] (not [?e :age ?f] [(> ?f ?g)])]
                                           ^"""),
        arguments("a not-join variable nothing outside binds",
            "[:find ?e :where [?e :name] (not-join [?x] [?x :name \"Ivan\"] [?e :friend ?x])]", null, ":query/invalid", """
            line 1:28: not-join variable ?x is not bound by any clause outside (not-join [?x] ...)
            [:find ?e :where [?e :name] (not-join [?x] [?x :name "Ivan"] [?e :friend ?x])]
                                        ^"""),
        arguments("a not-join variable the body does not use",
            "[:find ?e :where [?e :a ?x] (not-join [?e] [?y :b 1])]", null, ":query/invalid", """
            line 1:28: not-join variable ?e is not used in its clauses
            [:find ?e :where [?e :a ?x] (not-join [?e] [?y :b 1])]
                                        ^"""),
        arguments("a variable not-join does not pass in",
            "[:find ?e :where [?e :age ?a] (not-join [?e] [?e :limit ?l] [(> ?a ?l)])]", null, ":query/invalid", """
            line 1:60: variable ?a is bound outside (not-join [?e] ...) but not joined; [(> ?a ?l)] needs it bound, so list it with the join variables
            [:find ?e :where [?e :age ?a] (not-join [?e] [?e :limit ?l] [(> ?a ?l)])]
                                                                        ^"""),
        arguments("an or-join required variable nothing outside binds (DataScript)",
            "[:find ?e :where (or-join [[?e]] [?e :name \"Ivan\"])]", null, ":query/invalid", """
            line 1:17: or-join requires ?e bound, but no clause outside (or-join [[?e]] ...) binds it
            [:find ?e :where (or-join [[?e]] [?e :name "Ivan"])]
                             ^"""),
        arguments("or branches using different variables (DataScript)",
            "[:find ?e :where (or [?e :name _] [?e :age ?a])]", null, ":query/invalid", """
            line 1:34: every branch of an or must use the same variables, but [?e :name _] uses ?e and [?e :age ?a] uses ?e, ?a; or-join names the variables to join on
            [:find ?e :where (or [?e :name _] [?e :age ?a])]
                                              ^"""),
        arguments("an or-join branch that does not bind a join variable",
            "[:find ?e :where (or-join [?e ?b] [?e :age ?a] (and [?e :age ?a] [(+ ?a 1) ?b]))]", null, ":query/invalid", """
            line 1:34: branch [?e :age ?a] of (or-join [?e ?b] ...) does not bind ?b, and no clause outside binds it
            [:find ?e :where (or-join [?e ?b] [?e :age ?a] (and [?e :age ?a] [(+ ?a 1) ?b]))]
                                              ^"""),
        arguments("a variable or-join does not pass in",
            "[:find ?e :where [?e :max ?m] (or-join [?e] (and [?e :age ?a] [(< ?a ?m)]) [?e :vip true])]", null, ":query/invalid", """
            line 1:62: variable ?m is bound outside (or-join [?e] ...) but not joined; [(< ?a ?m)] needs it bound, so list it with the join variables
            ...find ?e :where [?e :max ?m] (or-join [?e] (and [?e :age ?a] [(< ?a ?m)]) [?e :vip true])]
                                                                           ^"""),
        arguments("a rule call without rules",
            "[:find ?e :where (parent ?e ?x)]", null, ":query/invalid", """
            line 1:17: (parent ?e ?x) calls rule parent, but the query has no rules; add % to :in and pass the rules
            [:find ?e :where (parent ?e ?x)]
                             ^"""),
        arguments("a function called like a rule",
            "[:find ?e :where [?e :age ?a] (< ?a 3)]", null, ":query/invalid", """
            line 1:30: (< ?a 3) calls rule <, but the query has no rules; add % to :in and pass the rules; to call function <, write [(< ?a 3)]
            [:find ?e :where [?e :age ?a] (< ?a 3)]
                                          ^"""),
        arguments("a qualified function called like a rule",
            "[:find ?e :where [?e :a ?x] (clojure.string/blank? ?x)]", null, ":query/syntax", """
            line 1:28: expected a rule call, found (clojure.string/blank? ?x): rule names are unqualified; to call function clojure.string/blank?, write [(clojure.string/blank? ?x)]
            [:find ?e :where [?e :a ?x] (clojure.string/blank? ?x)]
                                        ^"""),
        arguments("a rule nobody defined (DataScript #319)",
            "[:find ?x :in $ % :where (wat ?x)]", "[[(follow ?a ?b) [?a :follow ?b]]]", ":query/invalid", """
            line 1:25: (wat ?x) calls rule wat, which is not defined (the rules define follow)
            [:find ?x :in $ % :where (wat ?x)]
                                     ^"""),
        arguments("a rule called with the wrong arity",
            "[:find ?e :in $ % :where (parent ?e)]", "[[(parent ?a ?b) [?a :parent ?b]]]", ":query/invalid", """
            line 1:25: rule parent takes 2 arguments, but (parent ?e) passes 1
            [:find ?e :in $ % :where (parent ?e)]
                                     ^"""),
        arguments("a rule defined with two arities",
            "[:find ?e :in $ % :where (parent ?e ?x)]", "[[(parent ?a ?b) [?a :parent ?b]] [(parent ?a ?b ?c) [?a :parent ?b]]]", ":query/invalid", """
            line 1:34: rule parent is defined with 3 arguments here but with 2 at line 1:1
            [[(parent ?a ?b) [?a :parent ?b]] [(parent ?a ?b ?c) [?a :parent ?b]]]
                                              ^"""),
        arguments("a required rule argument nothing binds",
            "[:find ?e :in $ % :where (older ?a ?e)]", "[[(older [?x] ?y) [?y :age ?ay] [?x :age ?ax] [(> ?ax ?ay)]]]", ":query/invalid", """
            line 1:25: variable ?a is not bound by any clause; (older ?a ?e) needs it bound (rule older requires argument 1 bound)
            [:find ?e :in $ % :where (older ?a ?e)]
                                     ^"""),
        arguments("a required rule argument passed as _",
            "[:find ?e :in $ % :where [?e :age] (older _ ?e)]", "[[(older [?x] ?y) [?y :age ?ay] [?x :age ?ax] [(> ?ax ?ay)]]]", ":query/invalid", """
            line 1:42: rule older requires argument 1 bound, but (older _ ?e) passes _
            [:find ?e :in $ % :where [?e :age] (older _ ?e)]
                                                      ^"""),
        arguments("a rule body with a variable nothing binds",
            "[:find ?e :in $ % :where [?e :a] (r ?e)]", "[[(r ?a) [(> ?a ?b)]]]", ":query/invalid", """
            line 1:9: variable ?b is not bound by any clause; [(> ?a ?b)] needs it bound
            [[(r ?a) [(> ?a ?b)]]]
                     ^"""),
        arguments("a rule calling a rule nobody defined",
            "[:find ?e :in $ % :where [?e :a] (r ?e)]", "[[(r ?a) (s ?a)]]", ":query/invalid", """
            line 1:9: (s ?a) calls rule s, which is not defined (the rules define r)
            [[(r ?a) (s ?a)]]
                     ^"""),
        arguments("a :find variable nothing binds",
            "[:find ?x :where [?e :age ?a]]", null, ":query/invalid", """
            line 1:7: variable ?x in :find is not bound by any clause or input
            [:find ?x :where [?e :age ?a]]
                   ^"""),
        arguments("a :find aggregate over a variable nothing binds",
            "[:find (max ?x) :where [?e :age ?a]]", null, ":query/invalid", """
            line 1:7: variable ?x in :find is not bound by any clause or input
            [:find (max ?x) :where [?e :age ?a]]
                   ^"""),
        arguments("a :with variable nothing binds",
            "[:find ?e :with ?x :where [?e :age ?a]]", null, ":query/invalid", """
            line 1:16: variable ?x in :with is not bound by any clause or input
            [:find ?e :with ?x :where [?e :age ?a]]
                            ^"""),
        arguments("a variable in both :find and :with",
            "[:find ?e (count ?a) :with ?e :where [?e :age ?a]]", null, ":query/invalid", """
            line 1:27: variable ?e is in both :find and :with
            [:find ?e (count ?a) :with ?e :where [?e :age ?a]]
                                       ^"""),
        arguments(":keys of the wrong count",
            "[:find ?e ?a :keys e :where [?e :age ?a]]", null, ":query/invalid", """
            line 1:13: :keys has 1 name but :find has 2 elements
            [:find ?e ?a :keys e :where [?e :age ?a]]
                         ^"""),
        arguments(":keys on a collection",
            "[:find [?e ...] :keys a :where [?e :a ?x]]", null, ":query/invalid", """
            line 1:16: :keys returns maps, so :find must be a relation (:find ?a ?b) or a tuple (:find [?a ?b]), not a collection
            [:find [?e ...] :keys a :where [?e :a ?x]]
                            ^"""),
        arguments("an unknown function",
            "[:find ?e :where [?e :age ?a] [(foo ?a)]]", null, ":query/invalid", """
            line 1:30: unknown function foo in [(foo ?a)]
            [:find ?e :where [?e :age ?a] [(foo ?a)]]
                                          ^"""),
        arguments("an unknown aggregate",
            "[:find (foo ?a) :where [?e :age ?a]]", null, ":query/invalid", """
            line 1:7: unknown aggregate foo in (foo ?a)
            [:find (foo ?a) :where [?e :age ?a]]
                   ^"""),
        arguments("an aggregate with too many arguments",
            "[:find (count ?e ?x) :where [?e :a ?x]]", null, ":query/invalid", """
            line 1:7: aggregate count takes 1 argument, but (count ?e ?x) passes 2
            [:find (count ?e ?x) :where [?e :a ?x]]
                   ^"""),
        arguments("a source not in :in",
            "[:find ?e :where [$h ?e :age]]", null, ":query/invalid", """
            line 1:17: source $h is not in :in; [$h ?e :age] reads from it
            [:find ?e :where [$h ?e :age]]
                             ^"""),
        arguments("a default source not in :in",
            "[:find ?e :in ?x :where [?e :age ?x]]", null, ":query/invalid", """
            line 1:24: [?e :age ?x] reads the default source $, but :in does not list $
            [:find ?e :in ?x :where [?e :age ?x]]
                                    ^"""),
        arguments("a pull pattern variable not in :in",
            "[:find (pull ?e ?p) :where [?e :age]]", null, ":query/invalid", """
            line 1:7: pull pattern ?p is not an input; list it in :in, or write the pattern in place, as in (pull ?e [*])
            [:find (pull ?e ?p) :where [?e :age]]
                   ^"""),
        arguments("a function binding one variable twice",
            "[:find ?e :where [?e :a] [(str ?e) [?x ?x]]]", null, ":query/invalid", """
            line 1:25: [(str ?e) [?x ?x]] binds ?x twice
            [:find ?e :where [?e :a] [(str ?e) [?x ?x]]]
                                     ^"""),
        arguments("an input binding one variable twice",
            "[:find ?x :in [?x ?x]]", null, ":query/invalid", """
            line 1:18: variable ?x appears twice in the input [?x ?x]
            [:find ?x :in [?x ?x]]
                              ^"""),
        arguments("an error on a later line",
            "[:find ?e\n :in $ ?min\n :where [?e :age ?a]\n        [(< ?a ?max)]]", null, ":query/invalid", """
            line 4:8: variable ?max is not bound by any clause; [(< ?a ?max)] needs it bound
                    [(< ?a ?max)]]
                    ^"""),
        arguments("not a query",
            "\"find everything\"", null, ":query/syntax", """
            line 1:0: a query is a vector [:find ... :where ...] or a map {:find [...] :where [...]}, found "find everything"
            "find everything"
            ^"""),
        arguments("a query without :find",
            "[:where [?e :a]]", null, ":query/syntax", """
            line 1:0: the query has no :find
            [:where [?e :a]]
            ^"""),
        arguments("a query that does not start with a keyword",
            "[?e :where [?e :a]]", null, ":query/syntax", """
            line 1:1: a query starts with :find, found ?e
            [?e :where [?e :a]]
             ^"""),
        arguments("an unknown section",
            "[:find ?e :wher [?e :a]]", null, ":query/syntax", """
            line 1:10: unknown query section :wher; expected :find, :keys, :syms, :strs, :with, :in, :where or :rules
            [:find ?e :wher [?e :a]]
                      ^"""),
        arguments("a section twice",
            "[:find ?e :find ?x :where [?e :a ?x]]", null, ":query/syntax", """
            line 1:10: duplicate section :find, first at line 1:1
            [:find ?e :find ?x :where [?e :a ?x]]
                      ^"""),
        arguments("an empty :where",
            "[:find ?e :where]", null, ":query/syntax", """
            line 1:10: :where needs at least one clause
            [:find ?e :where]
                      ^"""),
        arguments("an empty :find",
            "[:find :where [?e :a ?f]]", null, ":query/syntax", """
            line 1:1: :find needs at least one element
            [:find :where [?e :a ?f]]
             ^"""),
        arguments("a scalar :find with two elements",
            "[:find ?e ?f . :where [?e :a ?f]]", null, ":query/syntax", """
            line 1:13: a scalar :find is :find ?x . with exactly one element before the '.'
            [:find ?e ?f . :where [?e :a ?f]]
                         ^"""),
        arguments("a collection :find with two elements",
            "[:find [?e ?f ...] :where [?e :a ?f]]", null, ":query/syntax", """
            line 1:14: a collection :find is [?x ...]: one element, then ..., found [?e ?f ...]
            [:find [?e ?f ...] :where [?e :a ?f]]
                          ^"""),
        arguments("a :find element that is not one",
            "[:find \"title\" :where [?e :a]]", null, ":query/syntax", """
            line 1:7: expected a variable, an aggregate such as (count ?x) or a (pull ?e [...]) in :find, found "title"
            [:find "title" :where [?e :a]]
                   ^"""),
        arguments(":keys and :strs together",
            "[:find ?e :keys a :strs b :where [?e :a]]", null, ":query/syntax", """
            line 1:18: a query takes only one of :keys, :syms and :strs; found :keys and :strs
            [:find ?e :keys a :strs b :where [?e :a]]
                              ^"""),
        arguments("a :keys name twice",
            "[:find ?e ?x :keys a a :where [?e :a ?x]]", null, ":query/syntax", """
            line 1:21: duplicate name a in :keys
            [:find ?e ?x :keys a a :where [?e :a ?x]]
                                 ^"""),
        arguments("a map query with a bare :find",
            "{:find ?e :where [[?e :a]]}", null, ":query/syntax", """
            line 1:7: :find in a map query takes a vector, found ?e
            {:find ?e :where [[?e :a]]}
                   ^"""),
        arguments("a pattern of six terms",
            "[:find ?e :where [?e :age ?a ?tx true :extra]]", null, ":query/syntax", """
            line 1:38: a pattern has at most 5 terms (e a v tx added), found 6
            [:find ?e :where [?e :age ?a ?tx true :extra]]
                                                  ^"""),
        arguments("nil in a pattern",
            "[:find ?e :where [?e :age nil]]", null, ":query/syntax", """
            line 1:26: a pattern cannot match nil; to find entities without an attribute, use [(missing? $ ?e :attr)]
            [:find ?e :where [?e :age nil]]
                                      ^"""),
        arguments("a rule called like a pattern",
            "[:find ?e :where [follows ?e ?x]]", null, ":query/syntax", """
            line 1:18: unexpected symbol follows in a pattern: a variable starts with ?; to call rule follows, write (follows ...)
            [:find ?e :where [follows ?e ?x]]
                              ^"""),
        arguments("a function held in a variable",
            "[:find ?e :where [?e :a] [(?f ?e)]]", null, ":query/syntax", """
            line 1:27: calling a function held in variable ?f is not supported; call a named function
            [:find ?e :where [?e :a] [(?f ?e)]]
                                       ^"""),
        arguments("a nested function call",
            "[:find ?e :where [?e :a ?b] [(+ (* ?b 2) 1) ?c]]", null, ":query/syntax", """
            line 1:32: function calls cannot be nested; bind (* ?b 2) in a clause of its own, as in [(* ?b 2) ?tmp]
            [:find ?e :where [?e :a ?b] [(+ (* ?b 2) 1) ?c]]
                                            ^"""),
        arguments("a variable inside a constant",
            "[:find ?e :where [?e :a ?x] [(ground [?x 1]) [?y ...]]]", null, ":query/syntax", """
            line 1:38: variable ?x inside the constant [?x 1]; a variable stands alone, as a whole argument
            [:find ?e :where [?e :a ?x] [(ground [?x 1]) [?y ...]]]
                                                  ^"""),
        arguments("and outside or",
            "[:find ?e :where (and [?e :a ?b])]", null, ":query/syntax", """
            line 1:17: (and ...) can only be a branch of or or or-join
            [:find ?e :where (and [?e :a ?b])]
                             ^"""),
        arguments("an empty not",
            "[:find ?e :where [?e :a] (not)]", null, ":query/syntax", """
            line 1:25: (not ...) needs at least one clause
            [:find ?e :where [?e :a] (not)]
                                     ^"""),
        arguments("not-join with required variables",
            "[:find ?e :where (not-join [[?e]] [?e :a])]", null, ":query/syntax", """
            line 1:28: not-join takes [?v ...]; required variables [[?r] ...] are for or-join and rules
            [:find ?e :where (not-join [[?e]] [?e :a])]
                                        ^"""),
        arguments("_ as a whole input",
            "[:find ?e :in $ _ :where [?e :a]]", null, ":query/syntax", """
            line 1:16: _ cannot stand for a whole input; to ignore part of one, use _ in a tuple such as [?x _]
            [:find ?e :in $ _ :where [?e :a]]
                            ^"""),
        arguments("a collection binding of two variables",
            "[:find ?e :in $ [?x ?y ...] :where [?e :a ?x]]", null, ":query/syntax", """
            line 1:23: a collection binding is [?x ...]: one variable or tuple, then ...
            [:find ?e :in $ [?x ?y ...] :where [?e :a ?x]]
                                   ^"""),
        arguments("a pull pattern named by a plain symbol (Datomic's pattern inputs)",
            "[:find (pull ?e pattern) :in $ pattern :where [?e :a]]", null, ":query/syntax", """
            line 1:16: pull pattern name pattern: Spoor takes a pattern given as an input as a variable; write ?pattern, here and in :in
            [:find (pull ?e pattern) :in $ pattern :where [?e :a]]
                            ^"""),
        arguments("an aggregate not ending in a variable",
            "[:find (count 3) :where [?e :a ?x]]", null, ":query/syntax", """
            line 1:14: the last argument of aggregate count must be the variable it aggregates, found 3
            [:find (count 3) :where [?e :a ?x]]
                          ^"""),
        arguments("rule required variables not first",
            "[:find ?e :in $ % :where [?e :a]]", "[[(r ?a [?b]) [?a :b ?b]]]", ":query/syntax", """
            line 1:8: required variables come first in the head of rule r: [?required ...] ?other ...
            [[(r ?a [?b]) [?a :b ?b]]]
                    ^"""),
        arguments("a rule named not",
            "[:find ?e :in $ % :where [?e :a]]", "[[(not ?a) [?a :b ?b]]]", ":query/syntax", """
            line 1:3: a rule cannot be named not, which is a clause: not, not-join, or, or-join and and
            [[(not ?a) [?a :b ?b]]]
               ^"""),
        arguments("a rule without clauses",
            "[:find ?e :in $ % :where [?e :a]]", "[[(r ?a)]]", ":query/syntax", """
            line 1:1: rule r has no clauses; a rule is [(r ?a ...) clause+]
            [[(r ?a)]]
             ^"""),
        arguments("a rule head variable twice",
            "[:find ?e :in $ % :where [?e :a]]", "[[(r ?a ?a) [?a :b ?b]]]", ":query/syntax", """
            line 1:8: variable ?a appears twice in the head of rule r
            [[(r ?a ?a) [?a :b ?b]]]
                    ^"""),
        arguments("a rule var that is not a variable (DataScript #300)",
            "[:find ?e :in $ % :where [?e]]", "[[(rule $e1 ?e2) [?e1 :ref ?e2]]]", ":query/syntax", """
            line 1:8: expected a variable in the head of rule rule, found $e1
            [[(rule $e1 ?e2) [?e1 :ref ?e2]]]
                    ^"""),
        arguments("a variable or-join does not pass in, nested",
            "[:find ?e :where [?e :max ?m] (or-join [?e] (and [?e :age ?a] (not [(< ?a ?m)])) [?e :vip true])]", null, ":query/invalid", """
            line 1:62: (not [(< ?a ?m)]) uses ?m, which no clause outside it binds; a not joins on all its variables, as in Datomic, so bind it outside or keep it local with (not-join [...] ...)
            ...find ?e :where [?e :max ?m] (or-join [?e] (and [?e :age ?a] (not [(< ?a ?m)])) [?e :vip true])]
                                                                           ^"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejects(String description, String query, String rules, String code, String message) {
    QueryException e = rules == null ? Ast.queryError(query) : Ast.validationError(query, rules);

    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(e.code()).isEqualTo(Keyword.of(code.substring(1)));
    assertThat(message).startsWith("line " + e.line() + ":" + e.column() + ": " + e.problem() + "\n");
  }

  @Test
  void aQueryReadFromAFormHasNoExcerpt() {
    Form form = EdnReader.readOne("[:find ?x :where [?e :age ?a]]");

    QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.parseQuery(form, FunctionNames.builtIns()));

    assertThat(e.getMessage()).isEqualTo("line 1:7: variable ?x in :find is not bound by any clause or input");
  }

  @Test
  void textThatIsNotEdnIsAnEdnError() {
    EdnParseException e = catchThrowableOfType(EdnParseException.class, () -> Ast.parse("[:find ?e :where [?e :a]"));

    assertThat(e.getMessage()).isEqualTo("""
        line 1:24: unexpected end of input: unclosed '[' opened at line 1:0
        [:find ?e :where [?e :a]
                                ^""");
  }

  @Test
  void queryErrorsAreSpoorErrors() {
    assertThat(Ast.queryError("[:find ?x :where [?e :age ?a]]")).isInstanceOf(SpoorException.class);
  }
}
