package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.model.TextForm;
import dev.idempotent4j.processor.model.ValueForm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides whether a type has a stable text form, one that is the same in every JVM and every run,
 * and so may be part of a key: primitives and boxes, {@code String}/{@code CharSequence}, enums,
 * {@code UUID}, {@code BigDecimal}/{@code BigInteger}, {@code java.time} values, and classes that
 * declare their own {@code toString()}. Everything else (identity-hash {@code toString()}s, records
 * as a whole (key on their components), arrays, lambdas, streams, collections, {@code Optional}) is
 * refused with a reason.
 *
 * <pre>{@code
 * stableText.classify(longType);    // Either: ValueForm(NUMBER, null, false)
 * stableText.classify(orderRecord); // reason: "Order is a record as a whole; ..."
 * }</pre>
 */
final class StableText {

  /** Either the form, or why the type has none (a sentence that says what to write instead). */
  record Classification(ValueForm form, String unstableReason) {
    static Classification stable(TextForm form, String unbox, boolean reference) {
      return new Classification(new ValueForm(form, unbox, reference), null);
    }

    static Classification unstable(String reason) {
      return new Classification(null, reason);
    }

    boolean isStable() {
      return form != null;
    }
  }

  private final Elements elements;
  private final Types types;

  StableText(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Classifies the type of the value at {@code path} (the path only words the reason). */
  Classification classify(TypeMirror type, String path) {
    return switch (type.getKind()) {
      case BOOLEAN -> Classification.stable(TextForm.BOOL, null, false);
      case CHAR -> Classification.stable(TextForm.CHARACTER, null, false);
      case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE ->
          Classification.stable(TextForm.NUMBER, null, false);
      case ARRAY ->
          Classification.unstable(
              "'"
                  + path
                  + "' is an array ("
                  + type
                  + "), whose toString() is an identity hash;"
                  + " key on a single value instead, such as a field of the object that holds the"
                  + " array");
      case TYPEVAR, WILDCARD, INTERSECTION ->
          Classification.unstable(
              "'"
                  + path
                  + "' has the type variable type "
                  + type
                  + ", whose text form is not"
                  + " known at compile time; key on a concrete type, or on a path into it");
      case DECLARED -> classifyDeclared((DeclaredType) type, path);
      default ->
          Classification.unstable(
              "'" + path + "' has type " + type + ", which has no stable text form");
    };
  }

  private Classification classifyDeclared(DeclaredType type, String path) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    switch (name) {
      case "java.lang.Boolean" -> {
        return Classification.stable(TextForm.BOOL, "booleanValue", true);
      }
      case "java.lang.Character" -> {
        return Classification.stable(TextForm.CHARACTER, "charValue", true);
      }
      case "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long" -> {
        return Classification.stable(TextForm.NUMBER, "longValue", true);
      }
      case "java.lang.Float" -> {
        return Classification.stable(TextForm.NUMBER, "floatValue", true);
      }
      case "java.lang.Double" -> {
        return Classification.stable(TextForm.NUMBER, "doubleValue", true);
      }
      case "java.lang.String", "java.lang.CharSequence" -> {
        return Classification.stable(TextForm.TEXT, null, true);
      }
      case "java.math.BigDecimal", "java.math.BigInteger" -> {
        return Classification.stable(TextForm.NUMBER, null, true);
      }
      case "java.util.UUID" -> {
        return Classification.stable(TextForm.UUID, null, true);
      }
      case "java.lang.Object" -> {
        return Classification.unstable(
            "'"
                + path
                + "' is declared as Object, whose toString() may be an identity hash;"
                + " declare a specific type");
      }
      default -> {}
    }
    String simple = element.getSimpleName().toString();
    if (element.getKind() == ElementKind.ENUM) {
      return Classification.stable(TextForm.ENUM, null, true);
    }
    if (name.startsWith("java.time.") && element.getKind() == ElementKind.CLASS) {
      if (isSubtype(type, "java.time.temporal.TemporalAccessor")) {
        return Classification.stable(TextForm.TEMPORAL, null, true);
      }
      if (isSubtype(type, "java.time.temporal.TemporalAmount")) {
        return Classification.stable(TextForm.AMOUNT, null, true);
      }
    }
    Optional<String> excluded = excludedFamily(type);
    if (excluded.isPresent()) {
      return Classification.unstable(
          "'"
              + path
              + "' is "
              + excluded.get()
              + " ("
              + simple
              + "), which has no stable text"
              + " form; key on a single value, such as an id");
    }
    if (element.getKind() == ElementKind.INTERFACE && elements.isFunctionalInterface(element)) {
      return Classification.unstable(
          "'"
              + path
              + "' is a functional interface ("
              + simple
              + "): a lambda's toString() is"
              + " an identity hash; key on the data the lambda works on instead");
    }
    if (element.getKind() == ElementKind.RECORD) {
      // Even a record's own toString() is refused: javac cannot tell it from the implicit one,
      // and the implicit one changes whenever a component is added.
      List<String> components = new ArrayList<>();
      for (RecordComponentElement component : element.getRecordComponents()) {
        components.add("{" + path + "." + component.getSimpleName() + "}");
      }
      return Classification.unstable(
          "'"
              + path
              + "' is the record "
              + simple
              + " as a whole, whose toString() changes"
              + " whenever a component is added; key on its components instead, such as "
              + (components.isEmpty() ? "a path into it" : String.join(", ", components)));
    }
    if (element.getKind().isInterface()) {
      return Classification.unstable(
          "'"
              + path
              + "' is the interface "
              + simple
              + ", whose implementations need not"
              + " define toString(); key on one of its getters, or declare a class type that"
              + " declares toString()");
    }
    if (hasOwnToString(element)) {
      return Classification.stable(TextForm.STRING, null, true);
    }
    return Classification.unstable(
        "'"
            + path
            + "' is a "
            + simple
            + ", which inherits Object.toString() (an identity hash"
            + " that differs on every run); key on one of its members such as {"
            + path
            + ".id}, or declare toString() in "
            + simple);
  }

  private Optional<String> excludedFamily(DeclaredType type) {
    if (isSubtype(type, "java.util.stream.BaseStream")) {
      return Optional.of("a stream");
    }
    String name = ((TypeElement) type.asElement()).getQualifiedName().toString();
    if (name.startsWith("java.util.Optional")) {
      return Optional.of("an Optional");
    }
    if (isSubtype(type, "java.util.Map")) {
      return Optional.of("a map");
    }
    if (isSubtype(type, "java.util.Collection")) {
      return Optional.of("a collection");
    }
    if (isSubtype(type, "java.lang.Iterable") || isSubtype(type, "java.util.Iterator")) {
      return Optional.of("an iterable");
    }
    return Optional.empty();
  }

  private boolean hasOwnToString(TypeElement element) {
    for (Element member : elements.getAllMembers(element)) {
      if (member instanceof ExecutableElement method
          && isToString(method)
          && !((TypeElement) method.getEnclosingElement())
              .getQualifiedName()
              .contentEquals("java.lang.Object")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isToString(ExecutableElement method) {
    return method.getSimpleName().contentEquals("toString")
        && method.getParameters().isEmpty()
        && !method.getModifiers().contains(Modifier.STATIC);
  }

  private boolean isSubtype(TypeMirror type, String superName) {
    TypeElement superElement = elements.getTypeElement(superName);
    return superElement != null
        && types.isSubtype(types.erasure(type), types.erasure(superElement.asType()));
  }
}
