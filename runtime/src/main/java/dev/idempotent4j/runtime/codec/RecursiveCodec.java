package dev.idempotent4j.runtime.codec;

import java.util.function.Function;

/**
 * The codec of a type that contains itself ({@code record Node(String name, List<Node> children)}):
 * the definition receives this codec as the one to use where the type recurs. Depth is bounded both
 * ways: {@link JsonReader#MAX_DEPTH} when reading, the same bound when writing (a value that
 * contains itself fails instead of never ending).
 *
 * <pre>{@code
 * JsonCodec<Node> codec = Codecs.<Node>recursive("com.acme.Node", self ->
 *     Codecs.<Node>record("com.acme.Node")
 *         .component("name", Codecs.string(), Node::name)
 *         .component("children", Codecs.list(self), Node::children)
 *         .build(c -> new Node(c.<String>get(0), c.<List<Node>>get(1))));
 * }</pre>
 */
final class RecursiveCodec<T> extends JsonCodec<T> implements FieldsCodec<T> {

  private final String type;
  private final JsonCodec<T> definition;

  RecursiveCodec(String type, Function<JsonCodec<T>, JsonCodec<T>> define) {
    super("an object (" + type + ")", true);
    this.type = type;
    JsonCodec<T> defined = define.apply(this);
    if (defined == null || defined == this) {
      throw new IllegalArgumentException("the definition of recursive " + type + " is itself");
    }
    this.definition = defined;
  }

  @Override
  void writeValue(JsonWriter out, T value) {
    definition.writeValue(out, value);
  }

  @Override
  T readValue(JsonReader in) {
    return definition.readValue(in);
  }

  @Override
  public void writeFields(JsonWriter out, T value) {
    fields().writeFields(out, value);
  }

  @Override
  public T readFields(JsonReader in) {
    return fields().readFields(in);
  }

  @SuppressWarnings("unchecked") // checked: the definition is an object codec of T
  private FieldsCodec<T> fields() {
    if (definition instanceof FieldsCodec<?> fields) {
      return (FieldsCodec<T>) fields;
    }
    throw new IllegalStateException(type + " is not stored as an object");
  }
}
