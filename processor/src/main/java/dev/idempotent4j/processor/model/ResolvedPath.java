package dev.idempotent4j.processor.model;

import java.util.List;
import javax.lang.model.type.TypeMirror;

/**
 * A key or fingerprint path checked against the method: the parameter it starts at, each member
 * step, and how its value is written.
 *
 * <pre>{@code
 * // {order.customer.id} on charge(Order order)
 * ResolvedPath[path=[order, customer, id], parameterIndex=0, parameterType=Order,
 *              steps=[Step[customer, customer()], Step[id, getId()]], form=NUMBER]
 * }</pre>
 *
 * @param path the dotted path, split into names
 * @param parameterIndex the index of the root parameter in {@code args}
 * @param parameterType the type the generated code casts {@code args[i]} to
 * @param steps one per name after the parameter
 * @param form how the final value is written
 */
public record ResolvedPath(
    List<String> path,
    int parameterIndex,
    TypeMirror parameterType,
    List<ResolvedPath.Step> steps,
    ValueForm form) {

  /**
   * One member access.
   *
   * @param name the path name
   * @param access the Java text after the dot: {@code id()}, {@code getId()} or {@code id}
   * @param type the member's type as seen from the receiver
   */
  public record Step(String name, String access, TypeMirror type) {}

  /** The path as written: {@code order.customer.id}. */
  public String dotted() {
    return String.join(".", path);
  }

  /** The dotted path of the first {@code length} names. */
  public String prefix(int length) {
    return String.join(".", path.subList(0, length));
  }
}
