package dev.idempotent4j.runtime.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A sealed type whose permitted subtypes are stored as objects: the subtype's fields with a
 * discriminator first, whose value is a tag the processor wrote from the permitted subtypes known
 * at compile time (their simple names):
 *
 * <pre>{@code
 * // sealed interface Payment permits Card, Transfer     {"type":"Card","last4":"4242"}
 * JsonCodec<Payment> codec = Codecs.<Payment>sealed("com.acme.Payment", "type")
 *     .variant("Card", Card.class, cardCodec)
 *     .variant("Transfer", Transfer.class, transferCodec)
 *     .build();
 * }</pre>
 *
 * <p>No type name is ever looked up: a tag is only compared with the tags the generated code lists,
 * so an unknown tag, or an object whose first field is not the discriminator, is corrupt text and
 * fails to decode. The class tokens only test which subtype a value to encode is.
 *
 * @param <T> the sealed type
 */
public final class SealedCodec<T> extends JsonCodec<T> {

  private final String type;
  private final String discriminator;
  private final String[] discriminatorName;
  private final String discriminatorToken;
  private final Variant<T, ?>[] variants;
  private final String[] tags;

  private SealedCodec(String type, String discriminator, List<Variant<T, ?>> variants) {
    super("an object (" + type + ")", true);
    this.type = type;
    this.discriminator = discriminator;
    this.discriminatorName = new String[] {discriminator};
    this.discriminatorToken = JsonWriter.quotedName(discriminator);
    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of the one generic type the list holds
    Variant<T, ?>[] array = variants.toArray(new Variant[0]);
    this.variants = array;
    this.tags = new String[array.length];
    for (int i = 0; i < array.length; i++) {
      tags[i] = array[i].tag;
    }
  }

  @Override
  void writeValue(JsonWriter out, T value) {
    for (Variant<T, ?> variant : variants) {
      if (variant.type.isInstance(value)) {
        out.beginObject();
        out.nameToken(discriminatorToken);
        out.value(variant.tag);
        variant.writeFields(out, value);
        out.endObject();
        return;
      }
    }
    throw new IllegalArgumentException(
        "a " + value.getClass().getName() + " is none of the permitted subtypes of " + type);
  }

  @Override
  T readValue(JsonReader in) {
    in.beginObject(expected());
    if (!in.hasNextField() || in.nextName(discriminatorName) != 0) {
      throw in.error(
          "the first field of " + type + " must be its discriminator '" + discriminator + "'");
    }
    String tag = in.nextString("the tag of a subtype of " + type);
    for (int i = 0; i < tags.length; i++) {
      if (tags[i].equals(tag)) {
        return variants[i].codec.readFields(in);
      }
    }
    throw in.error(
        "'"
            + tag
            + "' is not a subtype of "
            + type
            + " (known: "
            + String.join(", ", tags)
            + "): corrupt, or written by a version with other subtypes");
  }

  /**
   * Starts the codec of sealed type {@code type} (named in errors), whose objects carry the tag in
   * field {@code discriminator}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> Builder<T> builder(String type, String discriminator) {
    return new Builder<>(type, discriminator);
  }

  /**
   * Builds a {@link SealedCodec}: one {@link #variant} per permitted subtype, then {@link #build}.
   *
   * @param <T> the sealed type
   */
  public static final class Builder<T> {
    private final String type;
    private final String discriminator;
    private final List<Variant<T, ?>> variants = new ArrayList<>();

    private Builder(String type, String discriminator) {
      if (type == null || discriminator == null) {
        throw new NullPointerException("sealed(" + type + ", " + discriminator + ")");
      }
      this.type = type;
      this.discriminator = discriminator;
    }

    /**
     * Adds a permitted subtype: its tag, its class (to recognise values to encode) and its codec,
     * which must write objects (a record's, a recursive record's or a class's codec).
     *
     * @throws IllegalArgumentException if the tag was already added, or the codec does not write
     *     objects
     * @throws NullPointerException if an argument is null
     */
    public <S extends T> Builder<T> variant(String tag, Class<S> subtype, JsonCodec<S> codec) {
      if (tag == null || subtype == null || codec == null) {
        throw new NullPointerException("variant(" + tag + ", " + subtype + ", " + codec + ")");
      }
      if (!(codec instanceof FieldsCodec<?>)) {
        throw new IllegalArgumentException(
            "the codec of " + tag + " in " + type + " does not write objects");
      }
      for (Variant<T, ?> v : variants) {
        if (v.tag.equals(tag)) {
          throw new IllegalArgumentException("tag '" + tag + "' of " + type + " is added twice");
        }
      }
      @SuppressWarnings("unchecked") // checked just above
      FieldsCodec<S> fields = (FieldsCodec<S>) codec;
      variants.add(new Variant<>(tag, subtype, fields));
      return this;
    }

    /** The codec. */
    public SealedCodec<T> build() {
      return new SealedCodec<>(type, discriminator, variants);
    }
  }

  private static final class Variant<T, S extends T> {
    final String tag;
    final Class<S> type;
    final FieldsCodec<S> codec;

    Variant(String tag, Class<S> type, FieldsCodec<S> codec) {
      this.tag = tag;
      this.type = type;
      this.codec = codec;
    }

    void writeFields(JsonWriter out, T value) {
      codec.writeFields(out, type.cast(value));
    }
  }
}
