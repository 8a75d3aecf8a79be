/**
 * Spoor's readers: EDN text to an immutable, positioned tree of {@link dev.spoor.datalog.Form}s,
 * and Datalog queries and rules to their checked ASTs. No evaluation happens here.
 *
 * <p>The API is {@link dev.spoor.datalog.EdnReader}, {@link dev.spoor.datalog.Form} with its
 * records, {@link dev.spoor.datalog.Span}, {@link dev.spoor.datalog.FormStream} and
 * {@link dev.spoor.datalog.EdnParseException}; for queries {@link dev.spoor.datalog.QueryParser},
 * {@link dev.spoor.datalog.FunctionNames}, {@link dev.spoor.datalog.QueryException} and the AST:
 * {@link dev.spoor.datalog.Query}, {@link dev.spoor.datalog.Clause},
 * {@link dev.spoor.datalog.Term}, {@link dev.spoor.datalog.Binding} and
 * {@link dev.spoor.datalog.Rule}. The generated ANTLR lexer and parser live in
 * {@code dev.spoor.datalog.internal}, which is not API.
 */
package dev.spoor.datalog;
