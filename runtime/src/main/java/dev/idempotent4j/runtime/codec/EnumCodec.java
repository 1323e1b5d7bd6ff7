package dev.idempotent4j.runtime.codec;

import java.util.HashMap;
import java.util.Map;

/** An enum constant by its {@link Enum#name()}, looked up in the constants the caller passed. */
final class EnumCodec<E extends Enum<E>> extends KeyCodec<E> {

  private final Map<String, E> byName;

  EnumCodec(Class<E> type, E[] constants) {
    super(describe(type, constants), true);
    this.byName = new HashMap<>(constants.length * 2);
    for (E constant : constants) {
      byName.put(constant.name(), constant);
    }
  }

  private static String describe(Class<?> type, Enum<?>[] constants) {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < constants.length && i < 10; i++) {
      names.append(i == 0 ? "" : ", ").append(constants[i].name());
    }
    if (constants.length > 10) {
      names.append(", ... (").append(constants.length).append(" constants)");
    }
    String typeName = type.getCanonicalName() == null ? type.getName() : type.getCanonicalName();
    return "a constant of " + typeName + " [" + names + "]";
  }

  @Override
  void writeValue(JsonWriter out, E value) {
    out.value(value.name());
  }

  @Override
  E readValue(JsonReader in) {
    return fromKey(in.nextString(expected()), in, "");
  }

  @Override
  String toKey(E value) {
    return value.name();
  }

  @Override
  E fromKey(String key, JsonReader in) {
    return fromKey(key, in, "a key that is ");
  }

  private E fromKey(String name, JsonReader in, String prefix) {
    E constant = byName.get(name);
    if (constant == null) {
      throw in.error("expected " + prefix + expected() + ", found " + JsonReader.quote(name));
    }
    return constant;
  }
}
