package dev.idempotent4j.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.idempotent4j.processor.model.ResolvedPath;
import dev.idempotent4j.processor.model.TextForm;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Set;
import java.util.UUID;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * How one placeholder's value goes into a task's local key: as the value itself, where its type's
 * {@code equals} agrees exactly with its canonical key text (so a duplicate hit builds no text), or
 * as that text, where it may not.
 *
 * <ul>
 *   <li>{@link #VALUE}: {@code String}, {@code boolean}, {@code char}, the integral primitives and
 *       all those boxes, {@code BigInteger}, enums, {@code UUID}, and the ISO {@code java.time}
 *       values whose text is their whole state ({@link #EXACT_TIME}).
 *   <li>{@link #TO_STRING}: a {@code CharSequence}, whose {@code equals} is its identity: its
 *       {@code String}.
 *   <li>{@link #TEXT}: {@code double}/{@code float} and their boxes ({@code -0.0} and {@code 0.0}
 *       share a text, not {@code equals}), {@code BigDecimal} ({@code 1E+3} and {@code 1000}),
 *       {@code ZonedDateTime} and the other {@code java.time} types, classes with their own {@code
 *       toString()}.
 * </ul>
 *
 * <pre>{@code
 * LocalKeyForm.of(path)                       // VALUE for {orderId} of a String
 * LocalKeyForm.VALUE.keyText(path, part)      // ((Number) part).longValue() for a long
 * }</pre>
 */
enum LocalKeyForm {
  VALUE,
  TO_STRING,
  TEXT;

  /** The java.time classes whose {@code equals} compares exactly what their ISO text shows. */
  private static final Set<String> EXACT_TIME =
      Set.of(
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.Duration",
          "java.time.Period");

  private static final Set<String> EXACT_BOXES =
      Set.of(
          "java.lang.Boolean",
          "java.lang.Character",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.String",
          "java.math.BigInteger",
          "java.util.UUID");

  /** The form of the value at the end of {@code path}. */
  static LocalKeyForm of(ResolvedPath path) {
    TypeMirror type = leafType(path);
    TypeKind kind = type.getKind();
    if (kind == TypeKind.FLOAT || kind == TypeKind.DOUBLE) {
      return TEXT;
    }
    if (kind.isPrimitive()) {
      return VALUE;
    }
    if (path.form().form() == TextForm.ENUM) {
      return VALUE;
    }
    if (kind != TypeKind.DECLARED) {
      return TEXT;
    }
    String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
    if (EXACT_BOXES.contains(name) || EXACT_TIME.contains(name)) {
      return VALUE;
    }
    return name.equals("java.lang.CharSequence") ? TO_STRING : TEXT;
  }

  /**
   * The expression that {@code part}, an {@code Object} holding this form's local value of {@code
   * path}, turns into for the {@code KeyBuilder} method that writes it; for {@link #TEXT}, the
   * escaped text itself.
   */
  CodeBlock keyText(ResolvedPath path, CodeBlock part) {
    if (this == TEXT || path.form().form() == TextForm.TEXT) {
      return CodeBlock.of("($T) $L", String.class, part);
    }
    return switch (path.form().form()) {
      case NUMBER ->
          isBigInteger(leafType(path))
              ? CodeBlock.of("($T) $L", BigInteger.class, part)
              : CodeBlock.of("(($T) $L).longValue()", Number.class, part);
      case BOOL -> CodeBlock.of("(($T) $L).booleanValue()", Boolean.class, part);
      case CHARACTER -> CodeBlock.of("(($T) $L).charValue()", Character.class, part);
      case ENUM -> CodeBlock.of("($T<?>) $L", Enum.class, part);
      case UUID -> CodeBlock.of("($T) $L", UUID.class, part);
      case TEMPORAL -> CodeBlock.of("($T) $L", TemporalAccessor.class, part);
      case AMOUNT -> CodeBlock.of("($T) $L", TemporalAmount.class, part);
      default -> throw new IllegalStateException(path.form() + " has no local value");
    };
  }

  private static boolean isBigInteger(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals("java.math.BigInteger");
  }

  /** The type of the value at the end of {@code path}. */
  static TypeMirror leafType(ResolvedPath path) {
    return path.steps().isEmpty()
        ? path.parameterType()
        : path.steps().get(path.steps().size() - 1).type();
  }
}
