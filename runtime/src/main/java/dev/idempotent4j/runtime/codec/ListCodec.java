package dev.idempotent4j.runtime.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@code List} as a JSON array, read back as an unmodifiable list that keeps {@code null}
 * elements (unlike {@code List.copyOf}, which would reject a result the method legally returned).
 */
final class ListCodec<E> extends JsonCodec<List<E>> {

  private final JsonCodec<E> element;

  ListCodec(JsonCodec<E> element) {
    super("an array", true);
    this.element = element;
  }

  @Override
  void writeValue(JsonWriter out, List<E> list) {
    out.beginArray();
    for (E e : list) {
      element.write(out, e);
    }
    out.endArray();
  }

  @Override
  List<E> readValue(JsonReader in) {
    in.beginArray();
    if (!in.hasNextElement()) {
      return List.of();
    }
    ArrayList<E> items = new ArrayList<>();
    do {
      items.add(element.read(in));
    } while (in.hasNextElement());
    return Collections.unmodifiableList(items);
  }
}
