package dev.idempotent4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An explicit, reasoned opt-out of the unkeyed-side-effect check for one method, constructor or
 * type.
 *
 * <pre>{@code
 * @AllowUnkeyed("health check: sending a ping twice is harmless")
 * void ping() { monitor.send(Ping.now()); }
 * }</pre>
 *
 * <p>The reason is required and must not be blank: it is what the next reader needs to trust the
 * exception.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface AllowUnkeyed {
  /** Why running this code without a key is safe. */
  String value();
}
