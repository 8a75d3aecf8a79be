/**
 * Spoor's readers: EDN text to an immutable, positioned tree of {@link dev.spoor.datalog.Form}s
 * (and, in time, Datalog queries and rules to their ASTs). No evaluation happens here.
 *
 * <p>The API is {@link dev.spoor.datalog.EdnReader}, {@link dev.spoor.datalog.Form} with its
 * records, {@link dev.spoor.datalog.Span}, {@link dev.spoor.datalog.FormStream} and
 * {@link dev.spoor.datalog.EdnParseException}. The generated ANTLR lexer and parser live in
 * {@code dev.spoor.datalog.internal}, which is not API.
 */
package dev.spoor.datalog;
