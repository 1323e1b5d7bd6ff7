package dev.idempotent4j.processor.sideeffect;

import dev.idempotent4j.contract.AnnotationNames;
import dev.idempotent4j.processor.lang.AnnotationMirrors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides which methods and constructors are side effects, and why; and reads the annotations that
 * sanction a caller. Works on elements only, so it sees compiled libraries exactly like source
 * (both annotations have class retention).
 *
 * <pre>{@code
 * Optional<String> why = sideEffects.reason(invokedMethod);  // "Gateway is @SideEffect"
 * }</pre>
 *
 * <p>Answers are cached per element: one compilation asks about the same JDK and library methods
 * thousands of times.
 */
final class SideEffects {

  private final Elements elements;
  private final Types types;
  private final SideEffectList list;
  private final Map<ExecutableElement, Optional<String>> reasons = new HashMap<>();
  private final Map<TypeElement, List<TypeElement>> ancestors = new HashMap<>();
  private final Map<TypeElement, Map<ExecutableElement, Optional<String>>> inherited =
      new HashMap<>();

  SideEffects(Elements elements, Types types, SideEffectList list) {
    this.elements = elements;
    this.types = types;
    this.list = list;
  }

  /**
   * Why {@code executable} is a side effect, or empty when it is not. A side effect is annotated
   * {@code @SideEffect}; or, unless annotated {@code @AllowUnkeyed}, is a method declared in a
   * {@code @SideEffect} type, or overrides a side effect, or is named in the third-party list.
   */
  Optional<String> reason(ExecutableElement executable) {
    Optional<String> known = reasons.get(executable);
    if (known == null) {
      // Not computeIfAbsent: the override walk recurses into this map.
      known = Optional.ofNullable(compute(executable));
      reasons.put(executable, known);
    }
    return known;
  }

  /**
   * Why calling {@code method} on a receiver whose static type is {@code receiver} is a side
   * effect: {@link #reason} of the method itself; or, when the method is inherited into {@code
   * receiver} from a type that is not a side effect, because there it implements a side effect of
   * one of {@code receiver}'s other supertypes. {@code class Sub extends Base implements
   * Statement}: {@code sub.executeUpdate()} runs {@code Base.executeUpdate} as {@code
   * Statement.executeUpdate}, which is listed. Null {@code receiver} (an unqualified call) means
   * the method alone decides.
   */
  Optional<String> reason(ExecutableElement method, TypeElement receiver) {
    Optional<String> own = reason(method);
    Element owner = method.getEnclosingElement();
    if (own.isPresent()
        || receiver == null
        || receiver.equals(owner)
        || !(owner instanceof TypeElement ownerType)
        || method.getKind() != ElementKind.METHOD
        || method.getModifiers().contains(Modifier.STATIC)
        || method.getModifiers().contains(Modifier.PRIVATE)
        || AnnotationMirrors.find(method, AnnotationNames.ALLOW_UNKEYED) != null) {
      return own;
    }
    Map<ExecutableElement, Optional<String>> known =
        inherited.computeIfAbsent(receiver, unused -> new HashMap<>());
    Optional<String> answer = known.get(method);
    if (answer == null) {
      answer = Optional.ofNullable(implementedSideEffect(method, ownerType, receiver));
      known.put(method, answer);
    }
    return answer;
  }

  /**
   * The reason when {@code method}, inherited into {@code receiver}, implements there a side effect
   * declared in a supertype of {@code receiver} that is not a supertype of the method's own class
   * (those {@link #overriddenSideEffect} has already looked at).
   */
  private String implementedSideEffect(
      ExecutableElement method, TypeElement owner, TypeElement receiver) {
    List<TypeElement> seen = ancestors(owner);
    for (TypeElement ancestor : ancestors(receiver)) {
      if (seen.contains(ancestor)) {
        continue;
      }
      for (ExecutableElement candidate : ElementFilter.methodsIn(ancestor.getEnclosedElements())) {
        if (candidate.getSimpleName().equals(method.getSimpleName())
            && elements.overrides(method, candidate, receiver)
            && reason(candidate).isPresent()) {
          return "implements "
              + describe(candidate)
              + " in "
              + simpleName(receiver)
              + ", a side effect: "
              + reason(candidate).get();
        }
      }
    }
    return null;
  }

  private String compute(ExecutableElement executable) {
    if (AnnotationMirrors.find(executable, AnnotationNames.SIDE_EFFECT) != null) {
      return "annotated @SideEffect";
    }
    if (AnnotationMirrors.find(executable, AnnotationNames.ALLOW_UNKEYED) != null) {
      // A reasoned exemption inside a side-effect type (a counter, a health check) or on an
      // override (a test fake): running it without a key is declared safe, so calling it is too.
      return null;
    }
    Element owner = executable.getEnclosingElement();
    if (!(owner instanceof TypeElement type)) {
      return null;
    }
    ElementKind kind = executable.getKind();
    if (kind == ElementKind.CONSTRUCTOR) {
      // A @SideEffect type's constructors are not side effects: building a client is not one.
      SideEffectList.Entry entry = list.matchConstructor(qualifiedName(type));
      return entry == null ? null : entry.describe();
    }
    if (kind != ElementKind.METHOD) {
      return null; // static and instance initializers are never called by name
    }
    if (AnnotationMirrors.find(type, AnnotationNames.SIDE_EFFECT) != null) {
      return simpleName(type) + " is @SideEffect";
    }
    List<TypeElement> lineage = ancestors(type);
    if (!list.isEmpty()) {
      List<String> names = new ArrayList<>(lineage.size());
      for (TypeElement t : lineage) {
        names.add(qualifiedName(t));
      }
      SideEffectList.Entry entry = list.matchMethod(names, executable.getSimpleName().toString());
      if (entry != null) {
        return entry.describe();
      }
    }
    return overriddenSideEffect(executable, type, lineage);
  }

  /**
   * The reason when {@code method} overrides or implements a side effect. Static and private
   * methods override nothing, so the walk stops there.
   */
  private String overriddenSideEffect(
      ExecutableElement method, TypeElement type, List<TypeElement> lineage) {
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)) {
      return null;
    }
    for (int i = 1; i < lineage.size(); i++) { // lineage.get(0) is the type itself
      TypeElement ancestor = lineage.get(i);
      for (ExecutableElement candidate : ElementFilter.methodsIn(ancestor.getEnclosedElements())) {
        if (candidate.getSimpleName().equals(method.getSimpleName())
            && elements.overrides(method, candidate, type)
            && reason(candidate).isPresent()) {
          return "overrides " + describe(candidate) + ", a side effect";
        }
      }
    }
    return null;
  }

  /** {@code type} and all its supertypes, nearest first, each once. */
  List<TypeElement> ancestors(TypeElement type) {
    List<TypeElement> known = ancestors.get(type);
    if (known != null) {
      return known;
    }
    Set<TypeElement> seen = new LinkedHashSet<>();
    Deque<TypeElement> queue = new ArrayDeque<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeElement next = queue.remove();
      if (!seen.add(next)) {
        continue;
      }
      for (TypeMirror supertype : types.directSupertypes(next.asType())) {
        if (supertype.getKind() == TypeKind.DECLARED) {
          queue.add((TypeElement) ((DeclaredType) supertype).asElement());
        }
      }
    }
    List<TypeElement> result = List.copyOf(seen);
    ancestors.put(type, result);
    return result;
  }

  /** The {@code value} of an {@code @AllowUnkeyed} mirror, or null when it has none. */
  static AnnotationValue reasonValue(AnnotationMirror allowUnkeyed) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        allowUnkeyed.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("value")) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** How diagnostics name a method or constructor: {@code Gateway.charge(Order)}. */
  static String describe(ExecutableElement executable) {
    Element owner = executable.getEnclosingElement();
    String typeName = owner instanceof TypeElement typeElement ? simpleName(typeElement) : "";
    StringBuilder text = new StringBuilder();
    if (executable.getKind() == ElementKind.CONSTRUCTOR) {
      text.append("constructor ").append(typeName);
    } else {
      text.append(typeName).append('.').append(executable.getSimpleName());
    }
    text.append('(');
    String separator = "";
    for (var parameter : executable.getParameters()) {
      text.append(separator).append(simpleTypeName(parameter.asType()));
      separator = ", ";
    }
    return text.append(')').toString();
  }

  /** The name of a type as its user writes it in code: {@code Outer.Inner}. */
  static String simpleName(TypeElement type) {
    String name = type.getSimpleName().toString();
    Element owner = type.getEnclosingElement();
    if (name.isEmpty()) {
      return "an anonymous class";
    }
    if (owner instanceof TypeElement typeElement) {
      return simpleName(typeElement) + "." + name;
    }
    return name;
  }

  private static String simpleTypeName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return simpleName((TypeElement) ((DeclaredType) type).asElement());
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return simpleTypeName(((ArrayType) type).getComponentType()) + "[]";
    }
    return type.toString();
  }

  private static String qualifiedName(TypeElement type) {
    return type.getQualifiedName().toString();
  }
}
