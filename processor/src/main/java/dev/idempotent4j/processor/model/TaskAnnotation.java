package dev.idempotent4j.processor.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The attributes of one {@code @IdempotentTask}, read from its {@link AnnotationMirror} (never
 * through {@code getAnnotation()}, which throws for class values), each with the {@link
 * AnnotationValue} it was written as, so diagnostics land on the attribute. Defaulted attributes
 * have no value of their own: {@link #value} returns {@code null} and the diagnostic lands on the
 * annotation.
 *
 * <pre>{@code
 * TaskAnnotation task = TaskAnnotation.read(mirror, elements);
 * task.key();             // "charge:{order.id}"
 * task.value("key");      // the AnnotationValue to report on
 * }</pre>
 */
public final class TaskAnnotation {

  private final AnnotationMirror mirror;
  private final Map<String, AnnotationValue> explicit = new HashMap<>();
  private final Map<String, AnnotationValue> all = new HashMap<>();

  private TaskAnnotation(AnnotationMirror mirror, Elements elements) {
    this.mirror = mirror;
    mirror.getElementValues().forEach((k, v) -> explicit.put(k.getSimpleName().toString(), v));
    elements
        .getElementValuesWithDefaults(mirror)
        .forEach((k, v) -> all.put(k.getSimpleName().toString(), v));
  }

  /** The attributes of {@code mirror}, defaults included. */
  public static TaskAnnotation read(AnnotationMirror mirror, Elements elements) {
    return new TaskAnnotation(mirror, elements);
  }

  /** The annotation, to report on. */
  public AnnotationMirror mirror() {
    return mirror;
  }

  /** The value as written, or {@code null} when the attribute takes its default. */
  public AnnotationValue value(String attribute) {
    return explicit.get(attribute);
  }

  /** The key template as written. */
  public String key() {
    return string("key");
  }

  /** The task name, or {@code ""} for the default. */
  public String name() {
    return string("name");
  }

  /** The ttl duration text. */
  public String ttl() {
    return string("ttl");
  }

  /** The lease duration text. */
  public String lease() {
    return string("lease");
  }

  /** The waitTimeout duration text. */
  public String waitTimeout() {
    return string("waitTimeout");
  }

  /** The maxRunTime duration text, or {@code ""} for the engine setting. */
  public String maxRunTime() {
    return string("maxRunTime");
  }

  /** The enum constant name, {@code WAIT}, {@code THROW} or {@code SKIP}. */
  public String onInProgress() {
    Object value = all.get("onInProgress").getValue();
    return value instanceof VariableElement constant
        ? constant.getSimpleName().toString()
        : String.valueOf(value);
  }

  /** The fingerprint paths, each with the value it was written as (to report on). */
  public List<Item<String>> fingerprint() {
    List<Item<String>> items = new ArrayList<>();
    for (AnnotationValue element : list("fingerprint")) {
      items.add(new Item<>(String.valueOf(element.getValue()), element));
    }
    return items;
  }

  /** The cacheFailures types; an unresolvable class is a {@code TypeMirror} of kind ERROR. */
  public List<Item<TypeMirror>> cacheFailures() {
    List<Item<TypeMirror>> items = new ArrayList<>();
    for (AnnotationValue element : list("cacheFailures")) {
      if (element.getValue() instanceof TypeMirror type) {
        items.add(new Item<>(type, element));
      }
    }
    return items;
  }

  /** One element of an array attribute and where it was written. */
  public record Item<T>(T value, AnnotationValue source) {}

  private String string(String attribute) {
    AnnotationValue value = all.get(attribute);
    return value == null ? "" : String.valueOf(value.getValue());
  }

  @SuppressWarnings("unchecked")
  private List<? extends AnnotationValue> list(String attribute) {
    AnnotationValue value = all.get(attribute);
    if (value == null || !(value.getValue() instanceof List<?>)) {
      return List.of();
    }
    return (List<? extends AnnotationValue>) value.getValue();
  }
}
