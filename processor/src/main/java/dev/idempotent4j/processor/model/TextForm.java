package dev.idempotent4j.processor.model;

/**
 * How a key or fingerprint value is written: which {@code KeyBuilder} method takes it, and how a
 * boxed value is unboxed first.
 *
 * <pre>{@code
 * TextForm.NUMBER.append("v")             // .number(v)
 * TextForm.NUMBER.unboxing("longValue")   // .number(v.longValue())
 * }</pre>
 */
public enum TextForm {
  NUMBER("number"),
  BOOL("bool"),
  CHARACTER("character"),
  TEXT("text"),
  ENUM("enumName"),
  UUID("uuid"),
  TEMPORAL("temporal"),
  AMOUNT("amount"),
  STRING("string");

  private final String builderMethod;

  TextForm(String builderMethod) {
    this.builderMethod = builderMethod;
  }

  /** The {@code KeyBuilder} method that writes this form. */
  public String builderMethod() {
    return builderMethod;
  }
}
