/**
 * Not API: the lexer and parser ANTLR generates from {@code Edn.g4}. They are public only
 * because generated code is; use {@link dev.spoor.datalog.EdnReader} instead.
 */
package dev.spoor.datalog.internal;
