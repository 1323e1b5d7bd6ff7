package dev.idempotent4j.processor.codec;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.lang.JavacTasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * How a class that is not a record is stored: by the properties that rebuild it. Decided here, in
 * this order:
 *
 * <ol>
 *   <li>The constructor with the most parameters whose every parameter names a readable property of
 *       the same type: a getter {@code getX()}, {@code isX()} (boolean) or {@code x()}, or a field,
 *       visible from the generated code. Parameters are matched by name (javac keeps the source
 *       names; a class from a jar compiled without {@code -parameters} has {@code arg0}... and
 *       matches nothing).
 *   <li>Otherwise a no-arg constructor.
 *   <li>Then every setter {@code setX(V)} whose property {@code x} is readable as a {@code V} and
 *       not already a constructor parameter.
 * </ol>
 *
 * <p>Nothing is lost in silence: every instance field that is not {@code transient} must be one of
 * those properties, or the class is refused with the field's name.
 *
 * <p>Lombok: when the class carries Lombok annotations, the members Lombok will generate are
 * predicted from them ({@link LombokMembers}) and added to those javac already has. So the
 * processor order does not matter: when Lombok ran first they are there, when it runs later they
 * are predicted, and the generated code, compiled after both, calls them.
 */
final class ClassShapes {

  /**
   * One stored property: its JSON name, its type, how to read it and (if not by the creator) set
   * it.
   */
  record Property(
      String name, TypeMirror type, String reader, boolean readerIsMethod, String setter) {}

  /** A class's stored form: the constructor's parameters first, then the setters' properties. */
  record Shape(List<Property> properties, int constructorArity) {}

  private record Reader(String property, TypeMirror type, String member, boolean method) {}

  private record Constructor(List<String> names, List<TypeMirror> types) {}

  private record Setter(String property, TypeMirror type, String method) {}

  private final Types types;
  private final Elements elements;
  private final Trees trees;

  ClassShapes(ProcessingEnvironment env) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
    JavacTask task = JavacTasks.of(env);
    this.trees = task == null ? null : Trees.instance(task);
  }

  /**
   * The shape of {@code type}, or throws {@link IllegalArgumentException} whose message is the
   * reason and the fix, separated by {@code "\n"}.
   */
  Shape shape(DeclaredType type, TypeElement element, Accessibility accessibility) {
    List<VariableElement> fields = instanceFields(element);
    LombokMembers lombok = new LombokMembers(elements, trees, element, fields);
    List<Reader> readers = readers(type, element, fields, accessibility, lombok);
    List<Constructor> constructors = constructors(type, element, accessibility, lombok);
    List<Setter> setters = setters(type, element, fields, accessibility, lombok);

    Constructor chosen = null;
    List<Reader> chosenReaders = null;
    for (Constructor constructor : constructors) {
      if (constructor.names.isEmpty()
          || (chosen != null && constructor.names.size() <= chosen.names.size())) {
        continue;
      }
      List<Reader> matched = new ArrayList<>();
      for (int i = 0; i < constructor.names.size(); i++) {
        Reader reader = find(readers, constructor.names.get(i), constructor.types.get(i));
        if (reader == null) {
          matched = null;
          break;
        }
        matched.add(reader);
      }
      if (matched != null) {
        chosen = constructor;
        chosenReaders = matched;
      }
    }
    boolean noArg = constructors.stream().anyMatch(c -> c.names.isEmpty());
    if (chosen == null && !noArg) {
      throw new IllegalArgumentException(
          "it is a class with neither a constructor whose parameters all name readable"
              + " properties (getters or fields of the same name and type) nor a no-arg"
              + " constructor with setters, so it could not be rebuilt"
              + parameterNameHint(constructors)
              + "\nAdd a constructor whose parameter names match its getters or fields, or a"
              + " public no-arg constructor and setters (Lombok: @Value or @Data); or make it a"
              + " record.");
    }
    Map<String, Property> properties = new LinkedHashMap<>();
    if (chosen != null) {
      for (int i = 0; i < chosen.names.size(); i++) {
        Reader r = chosenReaders.get(i);
        properties.put(r.property, new Property(r.property, r.type, r.member, r.method, null));
      }
    }
    for (Setter setter : setters) {
      if (properties.containsKey(setter.property)) {
        continue;
      }
      Reader r = find(readers, setter.property, setter.type);
      if (r != null) {
        properties.put(
            r.property, new Property(r.property, r.type, r.member, r.method, setter.method));
      }
    }
    for (VariableElement field : fields) {
      String name = field.getSimpleName().toString();
      if (!properties.containsKey(name) && !field.getModifiers().contains(Modifier.TRANSIENT)) {
        throw new IllegalArgumentException(
            "its field '"
                + name
                + "' would not be stored: no "
                + (chosen != null ? "parameter of the constructor used" : "constructor parameter")
                + " and no setter with a getter is named "
                + name
                + "\nAdd a constructor parameter or a setter (and a getter) named "
                + name
                + ", or mark the field transient if it is derived.");
      }
    }
    if (properties.isEmpty()) {
      throw new IllegalArgumentException(
          "it is a class with no readable and settable properties, so nothing would be stored"
              + "\nAdd getters and a constructor or setters for its state, or make it a record.");
    }
    return new Shape(List.copyOf(properties.values()), chosen == null ? 0 : chosen.names.size());
  }

  private static String parameterNameHint(List<Constructor> constructors) {
    for (Constructor c : constructors) {
      if (!c.names.isEmpty() && c.names.get(0).matches("arg\\d+")) {
        return " (its constructor's parameter names are "
            + c.names
            + ": compiled without -parameters?)";
      }
    }
    return "";
  }

  private Reader find(List<Reader> readers, String property, TypeMirror type) {
    for (Reader r : readers) {
      if (r.property.equals(property) && types.isSameType(r.type, type)) {
        return r;
      }
    }
    return null;
  }

  private List<VariableElement> instanceFields(TypeElement element) {
    List<VariableElement> fields = new ArrayList<>();
    for (TypeElement t = element; t != null; t = superclass(t)) {
      for (VariableElement field : ElementFilter.fieldsIn(t.getEnclosedElements())) {
        if (!field.getModifiers().contains(Modifier.STATIC)) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  private TypeElement superclass(TypeElement t) {
    TypeMirror superclass = t.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement s = (TypeElement) types.asElement(superclass);
    return s.getQualifiedName().contentEquals("java.lang.Object") ? null : s;
  }

  private List<Reader> readers(
      DeclaredType type,
      TypeElement element,
      List<VariableElement> fields,
      Accessibility accessibility,
      LombokMembers lombok) {
    List<Reader> readers = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (m.getModifiers().contains(Modifier.STATIC)
          || !m.getParameters().isEmpty()
          || m.getReturnType().getKind() == TypeKind.VOID
          || ((TypeElement) m.getEnclosingElement())
              .getQualifiedName()
              .contentEquals("java.lang.Object")
          || accessibility.memberProblem(m).isPresent()) {
        continue;
      }
      TypeMirror returned = ((ExecutableType) types.asMemberOf(type, m)).getReturnType();
      String name = m.getSimpleName().toString();
      String property = propertyOf(name, returned);
      if (property != null) {
        readers.add(new Reader(property, returned, name, true));
      }
      readers.add(new Reader(name, returned, name, true)); // x()
    }
    // Getters before fields (found first): Lombok's @Value makes package-private fields private.
    for (VariableElement field : fields) {
      if (lombok.getter(field)) {
        readers.add(
            new Reader(
                field.getSimpleName().toString(),
                types.asMemberOf(type, field),
                lombok.getterName(field),
                true));
      }
    }
    for (VariableElement field : fields) {
      if (accessibility.memberProblem(field).isEmpty() && !lombok.hidesFields()) {
        String name = field.getSimpleName().toString();
        readers.add(new Reader(name, types.asMemberOf(type, field), name, false));
      }
    }
    return readers;
  }

  private List<Constructor> constructors(
      DeclaredType type, TypeElement element, Accessibility accessibility, LombokMembers lombok) {
    List<Constructor> constructors = new ArrayList<>();
    boolean lombokReplacesDefault = lombok.replacesDefaultConstructor();
    for (ExecutableElement c : ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (accessibility.memberProblem(c).isPresent()
          || (lombokReplacesDefault && elements.getOrigin(c) == Elements.Origin.MANDATED)) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (VariableElement p : c.getParameters()) {
        names.add(p.getSimpleName().toString());
      }
      constructors.add(
          new Constructor(
              names,
              List.copyOf(((ExecutableType) types.asMemberOf(type, c)).getParameterTypes())));
    }
    boolean samePackage = accessibility.memberProblem(element).isEmpty();
    for (LombokMembers.Generated g : lombok.constructors(samePackage)) {
      List<String> names = new ArrayList<>();
      List<TypeMirror> parameterTypes = new ArrayList<>();
      for (VariableElement f : g.fields()) {
        names.add(f.getSimpleName().toString());
        parameterTypes.add(types.asMemberOf(type, f));
      }
      constructors.add(new Constructor(names, parameterTypes));
    }
    return constructors;
  }

  private List<Setter> setters(
      DeclaredType type,
      TypeElement element,
      List<VariableElement> fields,
      Accessibility accessibility,
      LombokMembers lombok) {
    List<Setter> setters = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      String name = m.getSimpleName().toString();
      if (m.getModifiers().contains(Modifier.STATIC)
          || m.getParameters().size() != 1
          || name.length() <= 3
          || !name.startsWith("set")
          || !Character.isUpperCase(name.charAt(3))
          || accessibility.memberProblem(m).isPresent()) {
        continue;
      }
      TypeMirror parameter =
          ((ExecutableType) types.asMemberOf(type, m)).getParameterTypes().get(0);
      setters.add(new Setter(decapitalized(name.substring(3)), parameter, name));
    }
    for (VariableElement field : fields) {
      if (lombok.setter(field)) {
        String name = field.getSimpleName().toString();
        setters.add(new Setter(name, types.asMemberOf(type, field), lombok.setterName(field)));
      }
    }
    return setters;
  }

  private static String propertyOf(String method, TypeMirror returned) {
    if (method.length() > 3
        && method.startsWith("get")
        && Character.isUpperCase(method.charAt(3))) {
      return decapitalized(method.substring(3));
    }
    boolean bool =
        returned.getKind() == TypeKind.BOOLEAN || returned.toString().equals("java.lang.Boolean");
    if (bool
        && method.length() > 2
        && method.startsWith("is")
        && Character.isUpperCase(method.charAt(2))) {
      return decapitalized(method.substring(2));
    }
    return null;
  }

  /** JavaBeans' rule: {@code URL} stays {@code URL}, {@code Name} becomes {@code name}. */
  private static String decapitalized(String name) {
    if (name.length() > 1 && Character.isUpperCase(name.charAt(1))) {
      return name;
    }
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
