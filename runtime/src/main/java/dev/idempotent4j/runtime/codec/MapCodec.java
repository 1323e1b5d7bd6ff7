package dev.idempotent4j.runtime.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@code Map} as a JSON object of key text to value, in iteration order, read back unmodifiable:
 * insertion-ordered for {@code Map} (null values kept), naturally ordered for {@code
 * SortedMap}/{@code NavigableMap}. A null key cannot be written; a repeated key is an error.
 */
final class MapCodec<K, V, M extends Map<K, V>> extends JsonCodec<M> {

  private final KeyCodec<K> key;
  private final JsonCodec<V> value;
  private final Supplier<? extends Map<K, V>> factory;
  private final Function<Map<K, V>, M> seal;

  private MapCodec(
      KeyCodec<K> key,
      JsonCodec<V> value,
      Supplier<? extends Map<K, V>> factory,
      Function<Map<K, V>, M> seal) {
    super("an object", true);
    this.key = key;
    this.value = value;
    this.factory = factory;
    this.seal = seal;
  }

  static <K, V> MapCodec<K, V, Map<K, V>> hashed(KeyCodec<K> key, JsonCodec<V> value) {
    return new MapCodec<>(key, value, LinkedHashMap::new, Collections::unmodifiableMap);
  }

  static <K extends Comparable<? super K>, V, M extends Map<K, V>> MapCodec<K, V, M> sorted(
      KeyCodec<K> key, JsonCodec<V> value, Function<NavigableMap<K, V>, M> seal) {
    return new MapCodec<>(key, value, TreeMap::new, map -> seal.apply((NavigableMap<K, V>) map));
  }

  @Override
  void writeValue(JsonWriter out, M map) {
    out.beginObject();
    for (Map.Entry<K, V> entry : map.entrySet()) {
      K k = entry.getKey();
      if (k == null) {
        throw new IllegalArgumentException(
            "a map with a null key cannot be stored: JSON object keys are text. Remove the null"
                + " key, or return a list of entries");
      }
      out.name(key.toKey(k));
      value.write(out, entry.getValue());
    }
    out.endObject();
  }

  @Override
  M readValue(JsonReader in) {
    in.beginObject();
    Map<K, V> entries = factory.get();
    while (in.hasNextField()) {
      K k = key.fromKey(in.nextName(), in);
      if (entries.containsKey(k)) {
        throw in.error("repeated map key " + JsonReader.quote(key.toKey(k)));
      }
      entries.put(k, value.read(in));
    }
    return seal.apply(entries);
  }
}
