package dev.idempotent4j.contract;

import java.util.regex.Pattern;

/**
 * Which task names are valid: one or more ASCII letters, digits, {@code .}, {@code _}, {@code -} or
 * {@code $}. The processor checks a task's name at compile time, the runtime when a definition is
 * built, both from here. <strong>For idempotent4j's own modules, not an API.</strong>
 *
 * <pre>{@code
 * TaskNameSyntax.isValid("Payments.charge");   // true
 * TaskNameSyntax.isValid("Payments.charge$2"); // true: a default name may carry a Java '$'
 * TaskNameSyntax.isValid("pay ments");         // false
 * TaskNameSyntax.isValid("payments:charge");   // false: ':' separates the parts of a key
 * }</pre>
 *
 * <p>{@code $} is allowed because the default name, {@code SimpleClassName.method}, is made of Java
 * identifiers, which may contain it; a name the user did not write must never be rejected. {@code
 * :} is not, because the key text is {@code prefix:name:...}.
 */
public final class TaskNameSyntax {

  /** The valid names as a regular expression. */
  public static final String REGEX = "[A-Za-z0-9._$-]+";

  /** The valid characters in words, for messages: what to write instead. */
  public static final String ALLOWED = "letters, digits, '.', '_', '-' and '$'";

  private static final Pattern PATTERN = Pattern.compile(REGEX);

  private TaskNameSyntax() {}

  /** Whether {@code name} is a valid task name; {@code null} is not. */
  public static boolean isValid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }
}
