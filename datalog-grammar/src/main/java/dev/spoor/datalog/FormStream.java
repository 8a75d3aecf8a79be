package dev.spoor.datalog;

import dev.spoor.datalog.internal.EdnLexer;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.antlr.v4.runtime.Token;

/**
 * The elements of one top-level EDN vector, read from a {@link Reader} one at a time: the
 * way to read an import file of any size, since memory stays bounded by the largest
 * element. Made by {@link EdnReader#streamVector(Reader)}.
 *
 * <pre>{@code
 * try (FormStream elements = EdnReader.streamVector(Files.newBufferedReader(path))) {
 *   while (elements.hasNext()) {
 *     Object txData = elements.next().toValue();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #hasNext()} reads the next element, so it is where a malformed element is
 * reported, as an {@link EdnParseException} with its line and column in the whole text;
 * after an error every call throws the same exception. {@link IOException}s from the reader
 * surface as {@link UncheckedIOException}. Not thread-safe.
 */
public final class FormStream implements Iterator<Form>, AutoCloseable {
  private final Reader reader;
  private FormParser forms; // made on the first hasNext(): making it reads the first token
  private Token open; // the top-level '[', once read
  private Form next;
  private boolean finished;
  private RuntimeException failure;

  FormStream(Reader reader) {
    this.reader = reader;
  }

  /**
   * Whether the vector has another element; reads it if so.
   *
   * @throws EdnParseException if the next element, or the text around the vector, is not
   *     EDN Spoor reads
   */
  @Override
  public boolean hasNext() {
    if (failure != null) {
      throw failure;
    }
    if (next == null && !finished) {
      try {
        next = advance();
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      finished = next == null;
    }
    return next != null;
  }

  @Override
  public Form next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the vector has no more elements");
    }
    Form form = next;
    next = null;
    return form;
  }

  private Form advance() {
    if (open == null) {
      forms = FormParser.of(new StreamCharStream(reader));
      Token first = forms.peek();
      if (first.getType() != EdnLexer.LBRACK) {
        throw forms.source.error(first, first.getType() == Token.EOF
            ? "input is empty: expected one vector of forms"
            : "mismatched input " + Describe.token(first) + " expecting '[' (the input must be one vector of forms)");
      }
      open = first;
      forms.consume();
    }
    Form form = forms.nextForm();
    if (form != null) {
      return form;
    }
    Token at = forms.peek();
    String opened = "'[' opened at line " + open.getLine() + ":" + open.getCharPositionInLine();
    if (at.getType() == Token.EOF) {
      throw forms.source.error(at, "unexpected end of input: unclosed " + opened);
    } else if (at.getType() != EdnLexer.RBRACK) {
      throw forms.source.error(at, "mismatched input " + Describe.token(at) + " expecting a form or ']' to close the " + opened);
    }
    forms.consume();
    forms.expectEnd("the top-level vector");
    return null;
  }

  /** Closes the reader. Later calls to {@link #hasNext()} answer false. */
  @Override
  public void close() {
    finished = true;
    next = null;
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
