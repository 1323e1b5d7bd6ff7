package dev.idempotent4j.processor.sideeffect;

import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * The unkeyed-side-effect check: a method that calls {@code @SideEffect} code must be a task, a
 * side effect itself, or {@code @AllowUnkeyed}. Reads attributed method bodies through the public
 * {@code com.sun.source} API after javac's analysis.
 *
 * <p>SEAM: owned by the side-effect work; the processor only calls {@link #install} once from
 * {@code init}.
 */
public final class SideEffectChecker {

  private final ProcessingEnvironment env;

  public SideEffectChecker(ProcessingEnvironment env) {
    this.env = env;
  }

  /** The processor options this check reads ({@code -A...}); the processor declares them. */
  public static Set<String> supportedOptions() {
    return Set.of();
  }

  /** Hooks the check into this compilation, if the compiler is javac. */
  public void install() {}
}
