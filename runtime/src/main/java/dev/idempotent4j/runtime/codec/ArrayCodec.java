package dev.idempotent4j.runtime.codec;

import java.util.ArrayList;
import java.util.function.IntFunction;

/** An array of objects as a JSON array; read back as a fresh array. */
final class ArrayCodec<E> extends JsonCodec<E[]> {

  private final JsonCodec<E> element;
  private final IntFunction<E[]> create;

  ArrayCodec(JsonCodec<E> element, IntFunction<E[]> create) {
    super("an array", true);
    this.element = element;
    this.create = create;
  }

  @Override
  void writeValue(JsonWriter out, E[] array) {
    out.beginArray();
    for (E e : array) {
      element.write(out, e);
    }
    out.endArray();
  }

  @Override
  E[] readValue(JsonReader in) {
    in.beginArray();
    ArrayList<E> items = new ArrayList<>();
    while (in.hasNextElement()) {
      items.add(element.read(in));
    }
    return items.toArray(create.apply(items.size()));
  }
}
