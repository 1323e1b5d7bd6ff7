package dev.idempotent4j.processor.model;

/**
 * The stable text form of one key value: the {@code KeyBuilder} method, and for boxes the method
 * that unboxes the value explicitly ({@code longValue}), so a null box is caught by the generated
 * null check rather than by an implicit unboxing.
 *
 * <pre>{@code
 * new ValueForm(TextForm.NUMBER, "longValue", true)   // Long: null-checked, then .longValue()
 * }</pre>
 *
 * @param form the {@code KeyBuilder} method
 * @param unbox the unboxing method of a box type, or {@code null}
 * @param reference whether the value can be null (anything but a primitive)
 */
public record ValueForm(TextForm form, String unbox, boolean reference) {}
