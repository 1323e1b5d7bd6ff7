package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.model.KeyTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses key templates and fingerprint paths. Pure: no javac types, so it is unit-tested alone.
 *
 * <pre>
 * KeyTemplateParser.parse("charge:{order.id}").placeholders();  // [order.id]
 * KeyTemplateParser.parsePath("order.amountCents");             // [order, amountCents]
 * KeyTemplateParser.parse("a{b");  // KeyTemplateException: '{' at index 1 is never closed ...
 * </pre>
 *
 * <p>Rules, each of which keeps the escaped key text injective (see {@code KeyBuilder}): the key is
 * not empty; literal text holds no {@code %} (the escape character); and two placeholders are
 * always separated by literal text with at least one character that is not a letter or digit, so
 * that the boundary between two values is a character both values escape.
 */
final class KeyTemplateParser {

  private KeyTemplateParser() {}

  /** Why a template or path does not parse; the message quotes the bad text and the fix. */
  public static final class KeyTemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which rule was broken, so the processor can pick the right diagnostic. */
    public enum Kind {
      SYNTAX,
      PERCENT,
      EMPTY,
      ADJACENT
    }

    private final Kind kind;

    KeyTemplateException(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    /** Which rule the template broke. */
    public Kind kind() {
      return kind;
    }
  }

  /**
   * Parses a key template.
   *
   * @throws KeyTemplateException if the template is empty, has unbalanced or empty braces, a
   *     malformed path, {@code %} in literal text, or two placeholders without a separator
   */
  public static KeyTemplate parse(String template) throws KeyTemplateException {
    if (template.isBlank()) {
      throw new KeyTemplateException(KeyTemplateException.Kind.EMPTY, "the key is empty");
    }
    List<KeyTemplate.Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int close = template.indexOf('}', i + 1);
        int nextOpen = template.indexOf('{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          throw syntax("'{' at index " + i + " is never closed; close it with '}'");
        }
        String body = template.substring(i + 1, close);
        if (body.isEmpty()) {
          throw syntax("'{}' at index " + i + " names no parameter; write {param} or {param.path}");
        }
        List<String> path;
        try {
          path = parsePath(body);
        } catch (KeyTemplateException e) {
          throw syntax("placeholder '{" + body + "}' at index " + i + ": " + e.getMessage());
        }
        if (literal.length() > 0) {
          parts.add(new KeyTemplate.Literal(literal.toString()));
          literal.setLength(0);
        }
        if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof KeyTemplate.Placeholder) {
          KeyTemplate.Placeholder before = (KeyTemplate.Placeholder) parts.get(parts.size() - 1);
          throw adjacent(before.dotted(), body, "");
        }
        if (parts.size() >= 2
            && parts.get(parts.size() - 1) instanceof KeyTemplate.Literal between
            && parts.get(parts.size() - 2) instanceof KeyTemplate.Placeholder before
            && between.text().chars().allMatch(Character::isLetterOrDigit)) {
          throw adjacent(before.dotted(), body, between.text());
        }
        parts.add(new KeyTemplate.Placeholder(path));
        i = close + 1;
      } else if (c == '}') {
        throw syntax("'}' at index " + i + " closes no placeholder; remove it");
      } else if (c == '%') {
        throw new KeyTemplateException(
            KeyTemplateException.Kind.PERCENT,
            "'%' at index "
                + i
                + " is the escape character of key values and may not appear in literal text;"
                + " use another separator such as ':' or '-'");
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(new KeyTemplate.Literal(literal.toString()));
    }
    return new KeyTemplate(template, parts);
  }

  /**
   * Parses a dotted path such as {@code order.customer.id} into its steps.
   *
   * @throws KeyTemplateException if a step is empty or not a Java identifier
   */
  public static List<String> parsePath(String path) throws KeyTemplateException {
    if (path.isEmpty()) {
      throw syntax("the path is empty; write param or param.path");
    }
    List<String> steps = Arrays.asList(path.split("\\.", -1));
    for (String step : steps) {
      if (step.isEmpty()) {
        throw syntax(
            "'" + path + "' has an empty step; separate names with single dots: order.customer.id");
      }
      if (!isIdentifier(step)) {
        throw syntax(
            "'"
                + step
                + "' in '"
                + path
                + "' is not a Java name; a path is parameter and member names joined by dots,"
                + " without spaces");
      }
    }
    return List.copyOf(steps);
  }

  private static boolean isIdentifier(String text) {
    if (!Character.isJavaIdentifierStart(text.codePointAt(0))) {
      return false;
    }
    return text.codePoints().allMatch(Character::isJavaIdentifierPart);
  }

  private static KeyTemplateException adjacent(String before, String after, String between) {
    return new KeyTemplateException(
        KeyTemplateException.Kind.ADJACENT,
        "placeholders {"
            + before
            + "} and {"
            + after
            + "} are separated by "
            + (between.isEmpty() ? "nothing" : "only '" + between + "'")
            + ", so different values could give the same key; put a separator such as ':'"
            + " between them: {"
            + before
            + "}:"
            + between
            + "{"
            + after
            + "}");
  }

  private static KeyTemplateException syntax(String message) {
    return new KeyTemplateException(KeyTemplateException.Kind.SYNTAX, message);
  }
}
