package dev.idempotent4j.runtime.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A record as a JSON object of component name to value, in declaration order; read back by calling
 * the canonical constructor. The processor generates one per record type in a task's result, and
 * one per class it stores by its properties (a constructor whose parameters name readable
 * properties, or a no-arg constructor and setters: the creator then calls them):
 *
 * <pre>{@code
 * // record Receipt(String id, long cents)       {"id":"r-1","cents":1250}
 * JsonCodec<Receipt> codec = Codecs.<Receipt>record("com.acme.Receipt")
 *     .component("id", Codecs.string(), Receipt::id)
 *     .component("cents", Codecs.longValue(), Receipt::cents)
 *     .build(c -> new Receipt(c.<String>get(0), c.getLong(1)));
 * }</pre>
 *
 * <p>Reading is tolerant of additions and strict about losses: a field the record does not have is
 * skipped (a newer version of the application may have written it), a component missing from the
 * text is an error (a {@code null} or zero the writer never wrote would be a lie), and so is a
 * field given twice. If the constructor rejects the components (a compact constructor's check), the
 * error says so with the path.
 *
 * @param <R> the record type
 */
public final class RecordCodec<R> extends JsonCodec<R> implements FieldsCodec<R> {

  private final String type;
  private final String[] names;
  private final String[] nameTokens;
  private final Component<R, ?>[] components;
  private final Creator<R> creator;

  private RecordCodec(String type, List<Component<R, ?>> components, Creator<R> creator) {
    super("an object (" + type + ")", true);
    this.type = type;
    int n = components.size();
    this.names = new String[n];
    this.nameTokens = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = components.get(i).name;
      nameTokens[i] = JsonWriter.quotedName(names[i]);
    }
    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of the one generic type the list holds
    Component<R, ?>[] array = components.toArray(new Component[0]);
    this.components = array;
    this.creator = creator;
  }

  /**
   * Starts the codec of a record; {@code type} names it in error messages.
   *
   * @throws NullPointerException if {@code type} is null
   */
  public static <R> Builder<R> builder(String type) {
    return new Builder<>(type);
  }

  @Override
  void writeValue(JsonWriter out, R record) {
    out.beginObject();
    writeFields(out, record);
    out.endObject();
  }

  @Override
  public void writeFields(JsonWriter out, R record) {
    for (int i = 0; i < components.length; i++) {
      out.nameToken(nameTokens[i]);
      components[i].write(out, record);
    }
  }

  @Override
  R readValue(JsonReader in) {
    in.beginObject(expected());
    return readFields(in);
  }

  @Override
  public R readFields(JsonReader in) {
    int n = components.length;
    Object[] values = new Object[n];
    boolean[] seen = new boolean[n];
    while (in.hasNextField()) {
      int i = in.nextName(names);
      if (i < 0) {
        in.skipValue();
        continue;
      }
      if (seen[i]) {
        throw in.error("component '" + names[i] + "' of " + type + " is given twice");
      }
      seen[i] = true;
      values[i] = components[i].codec.read(in);
    }
    for (int i = 0; i < n; i++) {
      if (!seen[i]) {
        throw in.error(
            "missing component '"
                + names[i]
                + "' of "
                + type
                + " (text written for another shape of the record?)");
      }
    }
    try {
      return creator.create(new Components(values));
    } catch (RuntimeException e) {
      throw in.error(type + " rejected the stored components: " + e);
    }
  }

  /**
   * Builds a {@link RecordCodec}: one {@link #component} per record component, in declaration
   * order, then {@link #build} with the canonical constructor.
   *
   * @param <R> the record type
   */
  public static final class Builder<R> {
    private final String type;
    private final List<Component<R, ?>> components = new ArrayList<>();

    private Builder(String type) {
      if (type == null) {
        throw new NullPointerException("type");
      }
      this.type = type;
    }

    /**
     * Adds the next component: its name in the JSON text, its codec and its accessor.
     *
     * @throws IllegalArgumentException if {@code name} was already added
     * @throws NullPointerException if an argument is null
     */
    public <V> Builder<R> component(
        String name, JsonCodec<V> codec, Function<? super R, ? extends V> accessor) {
      if (name == null || codec == null || accessor == null) {
        throw new NullPointerException("component(" + name + ", " + codec + ", " + accessor + ")");
      }
      for (Component<R, ?> c : components) {
        if (c.name.equals(name)) {
          throw new IllegalArgumentException(
              "component '" + name + "' of " + type + " is added twice");
        }
      }
      components.add(new Component<>(name, codec, accessor));
      return this;
    }

    /**
     * The codec; {@code creator} calls the canonical constructor with the decoded components.
     *
     * @throws NullPointerException if {@code creator} is null
     */
    public RecordCodec<R> build(Creator<R> creator) {
      if (creator == null) {
        throw new NullPointerException("creator");
      }
      return new RecordCodec<>(type, components, creator);
    }
  }

  /**
   * Calls a record's canonical constructor with decoded components.
   *
   * @param <R> the record type
   */
  @FunctionalInterface
  public interface Creator<R> {
    /** The record made of {@code components}. */
    R create(Components components);
  }

  /**
   * The decoded components of one record, by position. Primitive components are never null: their
   * codecs reject {@code null}.
   */
  public static final class Components {
    private final Object[] values;

    Components(Object[] values) {
      this.values = values;
    }

    /** The component at {@code i}; the caller names its type: {@code c.<String>get(0)}. */
    // the generated caller names the component's declared type: c.<String>get(0)
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <V> V get(int i) {
      return (V) values[i];
    }

    /** The {@code boolean} component at {@code i}. */
    public boolean getBoolean(int i) {
      return (Boolean) values[i];
    }

    /** The {@code byte} component at {@code i}. */
    public byte getByte(int i) {
      return (Byte) values[i];
    }

    /** The {@code short} component at {@code i}. */
    public short getShort(int i) {
      return (Short) values[i];
    }

    /** The {@code int} component at {@code i}. */
    public int getInt(int i) {
      return (Integer) values[i];
    }

    /** The {@code long} component at {@code i}. */
    public long getLong(int i) {
      return (Long) values[i];
    }

    /** The {@code float} component at {@code i}. */
    public float getFloat(int i) {
      return (Float) values[i];
    }

    /** The {@code double} component at {@code i}. */
    public double getDouble(int i) {
      return (Double) values[i];
    }

    /** The {@code char} component at {@code i}. */
    public char getChar(int i) {
      return (Character) values[i];
    }
  }

  private static final class Component<R, V> {
    final String name;
    final JsonCodec<V> codec;
    final Function<? super R, ? extends V> accessor;

    Component(String name, JsonCodec<V> codec, Function<? super R, ? extends V> accessor) {
      this.name = name;
      this.codec = codec;
      this.accessor = accessor;
    }

    void write(JsonWriter out, R record) {
      codec.write(out, accessor.apply(record));
    }
  }
}
