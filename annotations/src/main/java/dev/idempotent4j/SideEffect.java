package dev.idempotent4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that touches the outside world: charging a card, sending a message, writing a row.
 *
 * <pre>{@code
 * @SideEffect
 * final class PaymentGateway {
 *   Receipt charge(Order order) { // a side effect: its type is marked
 *     return bank.debit(order.id(), order.amountCents());
 *   }
 * }
 * }</pre>
 *
 * <p>The processor makes unkeyed calls to side effects compile errors: a method that calls one must
 * be an {@link IdempotentTask}, be a {@code @SideEffect} itself (the duty passes to its callers, as
 * with a checked exception), or be {@link AllowUnkeyed} with a reason. On a type, every method of
 * the type is a side effect but its constructors are not (building a client is not a side effect;
 * calling it is); annotate a constructor to make it one.
 *
 * <p>Class retention, so that the check also sees this annotation on compiled libraries.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface SideEffect {}
