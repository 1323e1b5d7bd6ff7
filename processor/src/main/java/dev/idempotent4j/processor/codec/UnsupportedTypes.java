package dev.idempotent4j.processor.codec;

import dev.idempotent4j.processor.lang.UnstorableTypes;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Why a declared type that is neither a scalar, a supported collection, an enum nor a record cannot
 * be stored, and what to do instead: the wording of the codec planner's reasons, in one place. The
 * families of handles and lazy views come from {@link UnstorableTypes}.
 *
 * <pre>{@code
 * unsupported.whyNot(dateType, dateElement);  // "it is a class, not a record; ..."
 * unsupported.fixFor(dateType, dateElement);  // "Return a java.time value (Instant, ZonedDateTime) instead."
 * }</pre>
 */
final class UnsupportedTypes {

  /** The fix that ends most reasons. */
  static final String FIX = "Return a record of supported types, or an id.";

  private final Elements elements;
  private final Types types;
  private final UnstorableTypes unstorable;

  UnsupportedTypes(Elements elements, Types types, UnstorableTypes unstorable) {
    this.elements = elements;
    this.types = types;
    this.unstorable = unstorable;
  }

  String whyNot(DeclaredType type, TypeElement element) {
    Optional<String> family = unstorable.familyOf(type).map(UnstorableTypes.Family::reason);
    if (family.isPresent()) {
      return family.get();
    }
    if (isSubtype(type, "java.util.Collection") || isSubtype(type, "java.util.Map")) {
      return element.getKind().isInterface()
          ? "only List, Set, SortedSet, NavigableSet, Map, SortedMap and NavigableMap are"
              + " stored"
          : "it is a concrete collection class, and decoded results are immutable copies";
    }
    if (element.getQualifiedName().contentEquals("java.lang.Object")) {
      return "Object says nothing about what to store, and the codec is generated for the"
          + " declared type";
    }
    if (element.getKind().isInterface() || element.getModifiers().contains(Modifier.ABSTRACT)) {
      return "it is "
          + (element.getKind().isInterface() ? "an interface" : "an abstract class")
          + ", and the stored text names no types (by design), so decoding could not choose an"
          + " implementation";
    }
    return "it is a class, not a record; only records have a component list to store and a"
        + " canonical constructor to rebuild them";
  }

  /**
   * Whether {@code type} is a concrete class of the application that may be stored by its
   * properties ({@link ClassShapes}): not a JDK class, handle, collection or map.
   */
  boolean mayStoreByProperties(DeclaredType type, TypeElement element) {
    String name = element.getQualifiedName().toString();
    return element.getKind() == ElementKind.CLASS
        && !element.getModifiers().contains(Modifier.ABSTRACT)
        && !name.startsWith("java.")
        && !name.startsWith("javax.")
        && !name.startsWith("jdk.")
        && !name.startsWith("sun.")
        && !name.startsWith("com.sun.")
        && unstorable.familyOf(type).isEmpty()
        && !isSubtype(type, "java.util.Collection")
        && !isSubtype(type, "java.util.Map")
        && !isSubtype(type, "java.lang.Throwable");
  }

  String fixFor(DeclaredType type, TypeElement element) {
    if (isSubtype(type, "java.util.Map")) {
      return "Declare it as java.util.Map<...>.";
    }
    if (isSubtype(type, "java.util.Set")) {
      return "Declare it as java.util.Set<...>.";
    }
    if (isSubtype(type, "java.util.Collection")) {
      return "Declare it as java.util.List<...>.";
    }
    if (isSubtype(type, "java.util.stream.BaseStream")
        || isSubtype(type, "java.util.Iterator")
        || isSubtype(type, "java.lang.Iterable")) {
      return "Collect it into a List, or " + lowerFirst(FIX);
    }
    if (element.getQualifiedName().contentEquals("java.util.Date")
        || element.getQualifiedName().contentEquals("java.util.Calendar")) {
      return "Return a java.time value (Instant, ZonedDateTime) instead.";
    }
    if (element.getKind() == ElementKind.CLASS
        && !element.getModifiers().contains(Modifier.ABSTRACT)
        && !element.getQualifiedName().contentEquals("java.lang.Object")
        && !isSubtype(type, "java.lang.AutoCloseable")
        && !isSubtype(type, "java.util.concurrent.Future")) {
      return "Make it a record of supported types, or return an id.";
    }
    return FIX;
  }

  private boolean isSubtype(DeclaredType type, String supertype) {
    TypeElement element = elements.getTypeElement(supertype);
    return element != null && types.isSubtype(types.erasure(type), types.erasure(element.asType()));
  }

  private static String lowerFirst(String text) {
    return Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
