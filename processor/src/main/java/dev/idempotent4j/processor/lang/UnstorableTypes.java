package dev.idempotent4j.processor.lang;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The one table of types whose values are handles, lazy views or promises rather than data, so that
 * a result of such a type cannot be stored and handed to duplicates. The return-type check names
 * the family of a task's result ("returns Stream&lt;Order&gt;, a stream that cannot be stored");
 * the codec planner says why a type met inside a result cannot be stored.
 *
 * <pre>{@code
 * unstorable.familyOf(streamType);   // Optional[Family[java.util.stream.BaseStream, a stream, ...]]
 * unstorable.familyOf(listType);     // Optional[Family[java.util.Collection, null, null]]
 * unstorable.familyOf(stringType);   // Optional.empty()
 * }</pre>
 */
public final class UnstorableTypes {

  /**
   * A family of types, matched by subtyping.
   *
   * @param type the qualified name of the family's root type
   * @param noun what a task returning it is said to return ("a stream"), or {@code null} when the
   *     family is not refused as a task's own result (the codec planner decides)
   * @param reason why the codec planner cannot store it, or {@code null} when the planner words the
   *     reason itself (collections: an interface it does not support, or a concrete class)
   */
  public record Family(String type, String noun, String reason) {}

  private static final String FUTURE =
      "a future inside a result cannot be stored; only a task's own"
          + " CompletableFuture/CompletionStage result is awaited";
  private static final String STREAM =
      "a stream is consumed once, so duplicates could not replay it";
  private static final String ITERATOR =
      "an iterator is consumed once, so duplicates could not replay it";
  private static final String RESOURCE =
      "it is a resource (an I/O handle or connection) whose state lives outside this process";

  /**
   * First match wins, so a family comes before its supertypes (a stream is AutoCloseable, a
   * Collection is Iterable).
   */
  private static final List<Family> FAMILIES =
      List.of(
          new Family("java.util.concurrent.Future", null, FUTURE),
          new Family("java.util.concurrent.CompletionStage", null, FUTURE),
          new Family("java.util.stream.BaseStream", "a stream", STREAM),
          new Family("java.util.Iterator", "an iterator", ITERATOR),
          new Family("java.util.Spliterator", "a spliterator", ITERATOR),
          new Family("java.util.Enumeration", null, ITERATOR),
          new Family("java.io.InputStream", "an I/O stream", RESOURCE),
          new Family("java.io.OutputStream", "an I/O stream", RESOURCE),
          new Family("java.io.Reader", "a reader", RESOURCE),
          new Family("java.io.Writer", "a writer", RESOURCE),
          new Family("java.nio.channels.Channel", "a channel", RESOURCE),
          new Family("java.net.Socket", "a socket", RESOURCE),
          new Family("java.net.ServerSocket", "a socket", RESOURCE),
          new Family("java.sql.Connection", "a JDBC connection", RESOURCE),
          new Family("java.sql.Statement", "a JDBC statement", RESOURCE),
          new Family("java.sql.ResultSet", "a JDBC result set", RESOURCE),
          new Family("java.lang.AutoCloseable", "a resource (AutoCloseable)", RESOURCE),
          new Family("java.util.Collection", null, null),
          new Family("java.util.Map", null, null),
          new Family(
              "java.lang.Iterable",
              "an Iterable that is not a Collection (possibly lazy or single-use)",
              "an Iterable may be lazy or consumed once"));

  private final Elements elements;
  private final Types types;

  /** The table, matched with the compiler's own type utilities. */
  public UnstorableTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The first family {@code type} belongs to, if it is a declared type of one. */
  public Optional<Family> familyOf(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeMirror erased = types.erasure(type);
    for (Family family : FAMILIES) {
      TypeElement root = elements.getTypeElement(family.type());
      if (root != null && types.isSubtype(erased, types.erasure(root.asType()))) {
        return Optional.of(family);
      }
    }
    return Optional.empty();
  }
}
