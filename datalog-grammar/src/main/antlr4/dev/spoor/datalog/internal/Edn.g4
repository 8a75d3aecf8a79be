/*
 * EDN, the extensible data notation (https://github.com/edn-format/edn), as Spoor reads it.
 *
 * The parser is entered one top-level item at a time (rule `item`), so that a huge file can
 * be read element by element; the code that drives it (dev.spoor.datalog.FormParser) checks
 * for end of input itself. Every alternative is labelled, and the AST builder
 * (dev.spoor.datalog.AstBuilder) throws on any context it does not handle.
 *
 * The lexer never drops input silently: whitespace, commas and comments go to the hidden
 * channel, and malformed input becomes one of the error tokens at the bottom
 * (UNTERMINATED_STRING, BAD_DISPATCH, BAD_TOKEN, UNRECOGNIZED), which the token filter turns
 * into a positioned EdnParseException before the parser sees it.
 *
 * Lexer rules are ordered: for two matches of the same length the earlier rule wins, and a
 * longer match always wins. That is what makes `nil?` a symbol, `01` a BAD_TOKEN rather than
 * two integers, and `#inst` a TAG rather than a BAD_DISPATCH.
 */
grammar Edn;

// ---------------------------------------------------------------------------------------
// Parser

// item: a form, or a discarded form (`#_ x`), wherever a sequence of forms is allowed.
item
    : form                          # formItem
    | discard                       # discardItem
    ;

// discard: `#_` skips the next form; discards in between are themselves skipped first,
// so `#_ #_ a b` discards both a and b.
discard
    : DISCARD discard* form         # discardForm
    ;

form
    : NIL                           # nilForm
    | TRUE                          # trueForm
    | FALSE                         # falseForm
    | STRING                        # stringForm
    | CHAR                          # charForm
    | INTEGER                       # integerForm
    | FLOAT                         # floatForm
    | SYMBOLIC                      # symbolicForm
    | SYMBOL                        # symbolForm
    | KEYWORD                       # keywordForm
    | LPAREN item* RPAREN           # listForm
    | LBRACK item* RBRACK           # vectorForm
    | LBRACE item* RBRACE           # mapForm
    | HASH_BRACE item* RBRACE       # setForm
    | TAG discard* form             # taggedForm
    ;

// ---------------------------------------------------------------------------------------
// Lexer

LPAREN     : '(' ;
RPAREN     : ')' ;
LBRACK     : '[' ;
RBRACK     : ']' ;
LBRACE     : '{' ;
RBRACE     : '}' ;
HASH_BRACE : '#{' ;
DISCARD    : '#_' ;

NIL   : 'nil' ;
TRUE  : 'true' ;
FALSE : 'false' ;

// The escapes are checked (and decoded) by the AST builder, which can then point at the
// offending backslash.
STRING : '"' ( ~["\\] | '\\' . )* '"' ;

// `\c`, `\newline`, `\u00e9`, ...: a backslash, any non-whitespace character, then the rest
// of a token. The builder accepts one character, a name or `u` + 4 hex digits.
CHAR : '\\' ~[ \t\r\n\f\u000B] CONSTITUENT* ;

// 42, -7, +0, 12345678901234567890 (a BigInteger), 7N (always a BigInteger).
INTEGER : SIGN? NATURAL 'N'? ;

// 1.5, -0.25e-3, 1e10, 1. (as Clojure reads it), 1.5M and 7M (BigDecimal).
FLOAT
    : SIGN? NATURAL ( '.' DIGIT* EXPONENT? | EXPONENT )
    | SIGN? NATURAL ( '.' DIGIT* )? EXPONENT? 'M'
    ;

SYMBOLIC : '##' ( 'Inf' | '-Inf' | 'NaN' ) ;

// ?e, _, ..., +, -, <=, not=, ns/name, clojure.string/blank?, and `/` on its own.
SYMBOL  : NAME ( '/' NAME )? | '/' ;

// :a, :ns/name, :db.type/long
KEYWORD : ':' NAME ( '/' NAME )? ;

// #inst, #uuid, #spoor/bytes, or any other tag (rejected by the builder, with its position).
TAG : '#' LETTER SYMBOL_CHAR* ( '/' NAME )? ;

WS      : [ \t\r\n\f\u000B,]+ -> channel(HIDDEN) ;
COMMENT : ';' ~[\r\n]*       -> channel(HIDDEN) ;

// Error tokens: never reach the parser. Each is longer than (or ties after) every valid
// reading of the same text, so they only win when the text is malformed.

// A string with no closing quote before the end of input.
UNTERMINATED_STRING : '"' ( ~["\\] | '\\' . )* ;

// `#` not followed by `{`, `_`, `#Inf`/`#-Inf`/`#NaN` or a tag: `#(`, `##Foo`, `#:ns{`, `#1`.
BAD_DISPATCH : '#' ( ~[_ \t\r\n\f\u000B,()[\]{}";\\] CONSTITUENT* )? ;

// A run of token characters that is no valid token, or is a valid token followed by more
// token characters: 01, 1.5.5, 0x1F, a/b/c, ::a, :, foo/, ^meta.
BAD_TOKEN : ~[# \t\r\n\f\u000B,()[\]{}";\\] CONSTITUENT* ;

// Anything else (a lone backslash): one character, so no input is ever dropped.
UNRECOGNIZED : . ;

fragment SIGN     : [+-] ;
fragment DIGIT    : [0-9] ;
fragment NATURAL  : '0' | [1-9] DIGIT* ;
fragment EXPONENT : [eE] SIGN? DIGIT+ ;

fragment LETTER : [\p{L}] ;

// A symbol or keyword name: starts with a non-digit; if it starts with + - or . the second
// character, if any, is not a digit either (so -1 is a number and -a a symbol).
fragment NAME
    : SYMBOL_START SYMBOL_CHAR*
    | [+\-.] ( ( SYMBOL_START | [+\-.#:'] ) SYMBOL_CHAR* )?
    ;
fragment SYMBOL_START : LETTER | [*!_?$%&=<>] ;
fragment SYMBOL_CHAR  : SYMBOL_START | DIGIT | [+\-.#:'] | [\p{N}] ;

// Any character that continues a token: not whitespace, a comma, a delimiter, a quote,
// a semicolon or a backslash.
fragment CONSTITUENT : ~[ \t\r\n\f\u000B,()[\]{}";\\] ;
