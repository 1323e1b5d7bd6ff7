package dev.idempotent4j.processor.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed key template: literal text and placeholders in the order they were written.
 *
 * <pre>{@code
 * KeyTemplate t = KeyTemplateParser.parse("charge:{order.id}");
 * t.parts();        // [Literal("charge:"), Placeholder([order, id])]
 * t.literalText();  // "charge:"
 * }</pre>
 */
public final class KeyTemplate {

  /** One piece of a template. */
  public sealed interface Part permits Literal, Placeholder {}

  /** Text written as it is. */
  public record Literal(String text) implements Part {}

  /** A {@code {param.path}} placeholder; {@code path} has at least one element. */
  public record Placeholder(List<String> path) implements Part {
    public Placeholder {
      path = List.copyOf(path);
    }

    /** The root parameter name. */
    public String parameter() {
      return path.get(0);
    }

    /** The path as written, {@code order.id}. */
    public String dotted() {
      return String.join(".", path);
    }
  }

  private final String source;
  private final List<Part> parts;

  /** A template parsed from {@code source} into {@code parts} (by the key template parser). */
  public KeyTemplate(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /** The template as written. */
  public String source() {
    return source;
  }

  /** The literal and placeholder pieces, in order. */
  public List<Part> parts() {
    return parts;
  }

  /** The placeholders, in order. */
  public List<Placeholder> placeholders() {
    List<Placeholder> placeholders = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Placeholder placeholder) {
        placeholders.add(placeholder);
      }
    }
    return placeholders;
  }

  /** All literal text, concatenated: the characters that values must escape. */
  public String literalText() {
    StringBuilder text = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        text.append(literal.text());
      }
    }
    return text.toString();
  }
}
