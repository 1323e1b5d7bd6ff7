package dev.idempotent4j.runtime.codec;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@code Set} as a JSON array in iteration order, read back unmodifiable: insertion-ordered for
 * {@code Set} (null elements kept), naturally ordered for {@code SortedSet}/{@code NavigableSet}. A
 * repeated element is an error: no set writes one.
 */
final class SetCodec<E, S extends Set<E>> extends JsonCodec<S> {

  private final JsonCodec<E> element;
  private final Supplier<? extends Set<E>> factory;
  private final Function<Set<E>, S> seal;
  private final boolean sorted;

  private SetCodec(
      JsonCodec<E> element,
      Supplier<? extends Set<E>> factory,
      Function<Set<E>, S> seal,
      boolean sorted) {
    super("an array", true);
    this.element = element;
    this.factory = factory;
    this.seal = seal;
    this.sorted = sorted;
  }

  static <E> SetCodec<E, Set<E>> hashed(JsonCodec<E> element) {
    return new SetCodec<>(element, LinkedHashSet::new, Collections::unmodifiableSet, false);
  }

  static <E extends Comparable<? super E>, S extends Set<E>> SetCodec<E, S> sorted(
      JsonCodec<E> element, Function<NavigableSet<E>, S> seal) {
    return new SetCodec<>(element, TreeSet::new, set -> seal.apply((NavigableSet<E>) set), true);
  }

  @Override
  void writeValue(JsonWriter out, S set) {
    out.beginArray();
    for (E e : set) {
      element.write(out, e);
    }
    out.endArray();
  }

  @Override
  S readValue(JsonReader in) {
    in.beginArray();
    Set<E> items = factory.get();
    while (in.hasNextElement()) {
      E e = element.read(in);
      if (e == null && sorted) {
        throw in.error("a sorted set cannot hold null");
      }
      if (!items.add(e)) {
        throw in.error("repeated set element " + e);
      }
    }
    return seal.apply(items);
  }
}
