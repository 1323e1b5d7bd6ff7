package dev.idempotent4j.processor.codec;

import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The members Lombok will generate for a class whose annotations javac has not expanded yet (Lombok
 * runs after this processor in the round), with Lombok's default configuration: {@code @Value},
 * {@code @Data}, {@code @Getter}, {@code @Setter}, {@code @AllArgsConstructor},
 * {@code @RequiredArgsConstructor}, {@code @NoArgsConstructor}, {@code @Builder}. {@link
 * ClassShapes} matches them with the members javac has. When Lombok already ran, the members are
 * real and predicting them again only adds duplicates that match the same way.
 */
final class LombokMembers {
  record Generated(List<VariableElement> fields) {}

  private final Trees trees;
  private final TypeElement element;
  private final Set<String> onClass;
  private final List<VariableElement> fields;
  private final boolean anyConstructorWritten;

  /** {@code trees} may be null (not javac): field initializers are then not seen. */
  LombokMembers(Elements elements, Trees trees, TypeElement element, List<VariableElement> fields) {
    this.trees = trees;
    this.element = element;
    this.onClass = lombokAnnotations(element);
    this.fields = fields;
    // javac's implicit no-arg constructor is MANDATED; Lombok generates none beside a written one
    this.anyConstructorWritten =
        ElementFilter.constructorsIn(element.getEnclosedElements()).stream()
            .anyMatch(c -> elements.getOrigin(c) != Elements.Origin.MANDATED);
  }

  /**
   * Whether javac's implicit no-arg constructor is there only because Lombok has not run yet: it
   * disappears once Lombok adds the constructors it predicts.
   */
  boolean replacesDefaultConstructor() {
    return !anyConstructorWritten
        && !constructorsOf(true).isEmpty()
        && !onClass.contains("NoArgsConstructor");
  }

  /** {@code @Value} makes every field private. */
  boolean hidesFields() {
    return onClass.contains("Value") || onClass.contains("FieldDefaults");
  }

  boolean getter(VariableElement field) {
    return onClass.contains("Value")
        || onClass.contains("Data")
        || onClass.contains("Getter")
        || lombokAnnotations(field).contains("Getter");
  }

  String getterName(VariableElement field) {
    String name = capitalized(field.getSimpleName().toString());
    return field.asType().getKind() == TypeKind.BOOLEAN ? "is" + name : "get" + name;
  }

  String setterName(VariableElement field) {
    return "set" + capitalized(field.getSimpleName().toString());
  }

  boolean setter(VariableElement field) {
    boolean isFinal = field.getModifiers().contains(Modifier.FINAL) || onClass.contains("Value");
    return !isFinal
        && (onClass.contains("Data")
            || onClass.contains("Setter")
            || lombokAnnotations(field).contains("Setter"));
  }

  /** The constructors Lombok generates that the generated code may call. */
  List<Generated> constructors(boolean samePackage) {
    return anyConstructorWritten && !explicitConstructorAnnotation()
        ? List.of()
        : generated(samePackage, false);
  }

  private boolean explicitConstructorAnnotation() {
    return onClass.contains("AllArgsConstructor")
        || onClass.contains("RequiredArgsConstructor")
        || onClass.contains("NoArgsConstructor");
  }

  /** Every constructor Lombok will generate, whatever its access. */
  private List<Generated> constructorsOf(boolean anyAccess) {
    return generated(true, anyAccess);
  }

  private List<Generated> generated(boolean samePackage, boolean anyAccess) {
    List<Generated> generated = new ArrayList<>();
    boolean builder = onClass.contains("Builder");
    if (onClass.contains("AllArgsConstructor")) {
      if (anyAccess || accessible("AllArgsConstructor", samePackage)) {
        generated.add(new Generated(allArgs()));
      }
    } else if (onClass.contains("Value")
        || (builder
            && !anyConstructorWritten
            && !onClass.contains("NoArgsConstructor")
            && !onClass.contains("RequiredArgsConstructor"))) {
      // @Value's is public; @Builder's (alone, or with @Value) is package-private
      if (anyAccess || !builder || samePackage) {
        generated.add(new Generated(allArgs()));
      }
    }
    if (onClass.contains("RequiredArgsConstructor")) {
      if (anyAccess || accessible("RequiredArgsConstructor", samePackage)) {
        generated.add(new Generated(required()));
      }
    } else if (onClass.contains("Data")
        && !anyConstructorWritten
        && !onClass.contains("AllArgsConstructor")
        && !onClass.contains("NoArgsConstructor")) {
      generated.add(new Generated(required()));
    }
    if (onClass.contains("NoArgsConstructor")
        && (anyAccess || accessible("NoArgsConstructor", samePackage))) {
      generated.add(new Generated(List.of()));
    }
    return generated;
  }

  private boolean accessible(String annotation, boolean samePackage) {
    String access = "PUBLIC";
    // the access attribute, read from the mirror: AccessLevel.PACKAGE, PRIVATE, ...
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().asElement().getSimpleName().contentEquals(annotation)) {
        for (var entry : mirror.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("access")) {
            access = String.valueOf(entry.getValue().getValue());
          }
        }
      }
    }
    return access.endsWith("PUBLIC")
        || (samePackage
            && (access.endsWith("PACKAGE")
                || access.endsWith("PROTECTED")
                || access.endsWith("MODULE")));
  }

  private List<VariableElement> allArgs() {
    List<VariableElement> args = new ArrayList<>();
    for (VariableElement f : declaredFields()) {
      boolean isFinal = f.getModifiers().contains(Modifier.FINAL) || onClass.contains("Value");
      if (!(isFinal && initialized(f))) {
        args.add(f);
      }
    }
    return args;
  }

  private List<VariableElement> required() {
    List<VariableElement> args = new ArrayList<>();
    for (VariableElement f : declaredFields()) {
      boolean isFinal = f.getModifiers().contains(Modifier.FINAL) || onClass.contains("Value");
      boolean nonNull = lombokAnnotations(f).contains("NonNull");
      if ((isFinal || nonNull) && !initialized(f)) {
        args.add(f);
      }
    }
    return args;
  }

  private List<VariableElement> declaredFields() {
    List<VariableElement> own = new ArrayList<>();
    for (VariableElement f : fields) {
      if (f.getEnclosingElement().equals(element)
          && !f.getSimpleName().toString().startsWith("$")) {
        own.add(f);
      }
    }
    return own;
  }

  private boolean initialized(VariableElement field) {
    if (lombokAnnotations(field).contains("Default")) {
      return false; // @Builder.Default: the initializer becomes a default, the field a parameter
    }
    if (field.getConstantValue() != null) {
      return true;
    }
    Tree tree = trees == null ? null : trees.getTree(field);
    return tree instanceof VariableTree v && v.getInitializer() != null;
  }

  private static Set<String> lombokAnnotations(Element element) {
    Set<String> names = new java.util.HashSet<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
      String qualified = annotation.getQualifiedName().toString();
      if (qualified.startsWith("lombok.")) {
        names.add(annotation.getSimpleName().toString());
      }
    }
    return names;
  }

  private static String capitalized(String name) {
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }
}
