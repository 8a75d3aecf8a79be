package dev.spoor.datalog;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.spoor.core.Symbol;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries as users of Datomic and DataScript write them, taken from Datomic's query reference
 * and mbrainz examples, Day of Datomic and DataScript's query tests: each must parse and
 * validate, with its rules where it has some. (Datomic's Java interop calls such as
 * {@code .endsWith} are written with the built-in {@code clojure.string/} equivalents.)
 */
class RealWorldQueriesTest {
  private static final String MBRAINZ_RULES = """
      [[(track-release ?t ?r)
        [?m :medium/tracks ?t]
        [?r :release/media ?m]]
       [(track-info ?t ?track-name ?artist-name ?album ?year)
        [?t :track/name ?track-name]
        [?t :track/artists ?a]
        [?a :artist/name ?artist-name]
        (track-release ?t ?r)
        [?r :release/name ?album]
        [?r :release/year ?year]]
       [(short-track ?a ?t ?len ?max)
        [?t :track/artists ?a]
        [?t :track/duration ?len]
        [(< ?len ?max)]]
       [(collab ?artist-name-1 ?artist-name-2)
        [?artist-1 :artist/name ?artist-name-1]
        [?release :release/artists ?artist-1]
        [?release :release/artists ?artist-2]
        [?artist-2 :artist/name ?artist-name-2]
        [(!= ?artist-1 ?artist-2)]]]""";

  static Stream<Arguments> queries() {
    return Stream.of(
        // Datomic query reference, over mbrainz
        arguments("an entity by a constant", "[:find ?e :where [?e :artist/name \"The Beatles\"]]", null),
        arguments("a scalar input", """
            [:find ?release-name
             :in $ ?artist-name
             :where [?artist :artist/name ?artist-name]
                    [?release :release/artists ?artist]
                    [?release :release/name ?release-name]]""", null),
        arguments("a tuple input", """
            [:find ?release
             :in $ [?artist-name ?release-name]
             :where [?artist :artist/name ?artist-name]
                    [?release :release/artists ?artist]
                    [?release :release/name ?release-name]]""", null),
        arguments("a collection input", """
            [:find ?release-name
             :in $ [?artist-name ...]
             :where [?artist :artist/name ?artist-name]
                    [?release :release/artists ?artist]
                    [?release :release/name ?release-name]]""", null),
        arguments("a relation input", """
            [:find ?release
             :in $ [[?artist-name ?release-name]]
             :where [?artist :artist/name ?artist-name]
                    [?release :release/artists ?artist]
                    [?release :release/name ?release-name]]""", null),
        arguments("return maps", """
            [:find ?artist-name ?release-name
             :keys artist release
             :where [?release :release/name ?release-name]
                    [?release :release/artists ?artist]
                    [?artist :artist/name ?artist-name]]""", null),
        arguments("a collection find", """
            [:find [?release-name ...]
             :in $ ?artist-name
             :where [?artist :artist/name ?artist-name]
                    [?release :release/artists ?artist]
                    [?release :release/name ?release-name]]""", null),
        arguments("a tuple find", """
            [:find [?year ?month ?day]
             :in $ ?name
             :where [?artist :artist/name ?name]
                    [?artist :artist/startDay ?day]
                    [?artist :artist/startMonth ?month]
                    [?artist :artist/startYear ?year]]""", null),
        arguments("a scalar find", """
            [:find ?year .
             :in $ ?name
             :where [?artist :artist/name ?name]
                    [?artist :artist/startYear ?year]]""", null),
        arguments("a predicate", """
            [:find ?name ?year
             :where [?artist :artist/name ?name]
                    [?artist :artist/startYear ?year]
                    [(< ?year 1600)]]""", null),
        arguments("a function call", """
            [:find ?track-name ?minutes
             :in $ ?artist-name
             :where [?artist :artist/name ?artist-name]
                    [?track :track/artists ?artist]
                    [?track :track/duration ?millis]
                    [(quot ?millis 60000) ?minutes]
                    [?track :track/name ?track-name]]""", null),
        arguments("get-else", """
            [:find ?artist-name ?year
             :in $ [?artist-name ...]
             :where [?artist :artist/name ?artist-name]
                    [(get-else $ ?artist :artist/startYear "N/A") ?year]]""", null),
        arguments("get-some", """
            [:find ?e ?attr ?name
             :in $ ?e
             :where [(get-some $ ?e :country/name :artist/name) [?attr ?name]]]""", null),
        arguments("missing?", """
            [:find ?name
             :where [?artist :artist/name ?name]
                    [(missing? $ ?artist :artist/startYear)]]""", null),
        arguments("querying a collection instead of a database", """
            [:find ?k ?v
             :in [[?k ?v] ...]
             :where [(clojure.string/ends-with? ?k "version")]]""", null),
        arguments("joining two relations given as inputs", """
            [:find ?first ?height
             :in [[?last ?first ?email]] [[?email ?height]]]""", null),
        arguments("not", """
            [:find (count ?eid) .
             :where [?eid :artist/name]
                    (not [?eid :artist/country :country/CA])]""", null),
        arguments("not-join", """
            [:find (count ?artist) .
             :where [?artist :artist/name]
                    (not-join [?artist]
                      [?release :release/artists ?artist]
                      [?release :release/year 1970])]""", null),
        arguments("not-join over two clauses", """
            [:find (count ?r) .
             :where [?r :release/name "Live at Carnegie Hall"]
                    (not-join [?r]
                      [?r :release/artists ?a]
                      [?a :artist/name "Bill Withers"])]""", null),
        arguments("or", """
            [:find (count ?medium) .
             :where (or [?medium :medium/format :medium.format/vinyl7]
                        [?medium :medium/format :medium.format/vinyl10]
                        [?medium :medium/format :medium.format/vinyl12]
                        [?medium :medium/format :medium.format/vinyl])]""", null),
        arguments("or with and", """
            [:find (count ?artist) .
             :where (or [?artist :artist/type :artist.type/group]
                        (and [?artist :artist/type :artist.type/person]
                             [?artist :artist/gender :artist.gender/female]))]""", null),
        arguments("or-join", """
            [:find (count ?release) .
             :where [?release :release/name]
                    (or-join [?release]
                      (and [?release :release/artists ?artist]
                           [?artist :artist/country :country/CA])
                      [?release :release/year 1970])]""", null),
        arguments("aggregates with :with", """
            [:find ?year (median ?namelen) (avg ?namelen) (stddev ?namelen)
             :with ?track
             :where [?track :track/name ?name]
                    [(count ?name) ?namelen]
                    [?medium :medium/tracks ?track]
                    [?release :release/media ?medium]
                    [?release :release/year ?year]]""", null),
        arguments("sum with :with", """
            [:find (sum ?count) .
             :with ?medium
             :in $ ?artist
             :where [?release :release/artists ?artist]
                    [?release :release/media ?medium]
                    [?medium :medium/trackCount ?count]]""", null),
        arguments("min and max of n", """
            [:find (min 5 ?millis) (max 5 ?millis)
             :where [?track :track/duration ?millis]]""", null),
        arguments("rand and sample", """
            [:find (rand 2 ?name) (sample 2 ?name)
             :where [_ :artist/name ?name]]""", null),
        arguments("count-distinct", "[:find (count-distinct ?name) . :where [_ :artist/name ?name]]", null),
        arguments("distinct over an input", "[:find (distinct ?v) . :in [?v ...]]", null),
        arguments("a pull", """
            [:find (pull ?e [:release/name])
             :in $ ?artist
             :where [?e :release/artists ?artist]]""", null),
        arguments("a pull pattern given as an input", """
            [:find [(pull ?e ?pattern) ...]
             :in $ ?pattern ?name
             :where [?e :artist/name ?name]]""", null),
        arguments("a history query", """
            [:find ?aname ?v ?inst ?added
             :in $ ?e
             :where [?e ?a ?v ?tx ?added]
                    [?a :db/ident ?aname]
                    [?tx :db/txInstant ?inst]]""", null),
        arguments("rules with several definitions", """
            [:find ?name
             :in $ %
             :where (benelux ?artist)
                    [?artist :artist/name ?name]]""", """
            [[(benelux ?artist) [?artist :artist/country :country/BE]]
             [(benelux ?artist) [?artist :artist/country :country/NL]]
             [(benelux ?artist) [?artist :artist/country :country/LU]]]"""),
        arguments("mbrainz rules calling rules", """
            [:find ?track-name ?album ?year
             :in $ % ?artist-name
             :where (track-info ?t ?track-name ?artist-name ?album ?year)]""", MBRAINZ_RULES),
        arguments("mbrainz collaborators", """
            [:find ?aname ?aname2
             :in $ % [?aname ...]
             :where (collab ?aname ?aname2)]""", MBRAINZ_RULES),
        arguments("mbrainz short tracks", """
            [:find ?track-name ?minutes
             :in $ % ?artist-name ?max
             :where [?a :artist/name ?artist-name]
                    (short-track ?a ?t ?len ?max)
                    [?t :track/name ?track-name]
                    [(quot ?len 60000) ?minutes]]""", MBRAINZ_RULES),
        // Day of Datomic
        arguments("a user by email", "[:find ?e :in $ ?email :where [?e :user/email ?email]]", null),
        arguments("the log, with functions the evaluator adds", """
            [:find ?a ?v ?op
             :in $ ?log ?t1 ?t2
             :where [(tx-ids ?log ?t1 ?t2) [?tx ...]]
                    [(tx-data ?log ?tx) [[_ ?a ?v _ ?op]]]]""", null),
        // DataScript tests
        arguments("DataScript: a relation of two rels under not", """
            [:find ?e ?e2
             :where [?e  :name "Ivan"]
                    [?e2 :name "Ivan"]
                    (not [?e :age 10]
                         [?e2 :age 20])]""", null),
        arguments("DataScript: nested not", """
            [:find ?e
             :where [?e :name]
                    (not [?e :name "Ivan"]
                         (not [?e :age 10]))]""", null),
        arguments("DataScript: not-join hiding a variable", """
            [:find ?e ?a
             :where [?e :name]
                    [?e :age ?a]
                    (not-join [?e]
                      [?e :name "Oleg"]
                      [?e :age ?a])]""", null),
        arguments("DataScript: or introduces variables", """
            [:find ?e
             :where (or (and [?e :name "Ivan"] [1 :age ?a])
                        (and [2 :age ?a] [?e :name "Oleg"]))
                    [?e :age ?a]]""", null),
        arguments("DataScript: or-join with locals in its branch", """
            [:find ?e
             :where [?e :name ?a]
                    [?e2 :name ?a]
                    (or-join [?e]
                      (and [?e :age ?a]
                           [?e2 :age ?a]))]""", null),
        arguments("DataScript #348: or-join over an input", """
            [:find ?e
             :in $ ?a
             :where (or-join [[?a] ?e]
                      [?e :age ?a]
                      [?e :name "Oleg"])]""", null),
        arguments("DataScript: or-join over two sources", """
            [:find ?a ?c
             :in $xs $ys
             :where (or-join [?a ?c]
                      [$xs ?a ?b ?c]
                      [$ys ?a ?c])]""", null),
        arguments("DataScript: or changes the default source", """
            [:find ?e
             :in $ $2
             :where [?e :name]
                    ($2 or [?e :age 10])]""", null),
        arguments("DataScript: recursive rules", """
            [:find ?e2
             :in $ ?e1 %
             :where (follow ?e1 ?e2)]""", """
            [[(follow ?e1 ?e2) [?e1 :follow ?e2]]
             [(follow ?e1 ?e2) [?e1 :follow ?t] (follow ?t ?e2)]]"""),
        arguments("DataScript: rules reading given sources", """
            [:find ?n
             :in $sexes $ages %
             :where ($sexes male ?n)
                    ($ages adult ?n)]""", """
            [[(male ?x) [?x :male]]
             [(adult ?y) [?y ?a] [(>= ?a 18)]]]"""),
        arguments("DataScript #218: false as a rule argument", "[:find ?id :in $ % :where (is ?id false)]",
            "[[(is ?id ?val) [?id :attr ?val]]]"),
        arguments("DataScript #456: ground in a rule", """
            [:find ?e
             :in $ %
             :where [?e :item/status ?status]
                    (pending? ?status)]""", "[[(pending? ?status) [(ground \"pending\") ?status]]]"),
        arguments("DataScript: :syms", "[:find ?e ?name :syms id name :where [?e :name ?name]]", null),
        arguments("DataScript: tuples", """
            [:find ?e
             :where [?e :a+b ?t]
                    [(untuple ?t) [?a ?b]]
                    [(= ?a "A")]
                    [(tuple ?a ?b) ?t2]]""", null),
        arguments("the map form", "{:find [?e] :in [$ ?name] :where [[?e :name ?name]]}", null));
  }

  private static final FunctionNames FUNCTIONS = FunctionNames.builtIns()
      .with(Set.of(Symbol.of("tx-ids"), Symbol.of("tx-data")), Set.of());

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void parsesAndValidates(String description, String query, String rules) {
    Query q = QueryParser.parseQuery(query, FUNCTIONS);
    List<Rule> given = rules == null ? List.of() : QueryParser.parseRules(rules);

    assertThatCode(() -> QueryParser.validate(q, given, FUNCTIONS)).doesNotThrowAnyException();
  }
}
