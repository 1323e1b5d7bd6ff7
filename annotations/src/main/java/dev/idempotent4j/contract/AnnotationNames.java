package dev.idempotent4j.contract;

/**
 * The qualified names of idempotent4j's annotations, for code that must match them without loading
 * them: the processor compares annotation mirrors, the agent scans class files for a descriptor.
 * <strong>For idempotent4j's own modules, not an API.</strong>
 *
 * <pre>{@code
 * boolean task = mirror.getAnnotationType().toString().equals(AnnotationNames.IDEMPOTENT_TASK);
 * }</pre>
 */
public final class AnnotationNames {

  /** {@code dev.idempotent4j.IdempotentTask}. */
  public static final String IDEMPOTENT_TASK = "dev.idempotent4j.IdempotentTask";

  /**
   * {@code Ldev/idempotent4j/IdempotentTask;}: how a class file that carries the annotation names
   * it.
   */
  public static final String IDEMPOTENT_TASK_DESCRIPTOR = "Ldev/idempotent4j/IdempotentTask;";

  /** {@code dev.idempotent4j.SideEffect}. */
  public static final String SIDE_EFFECT = "dev.idempotent4j.SideEffect";

  /** {@code dev.idempotent4j.AllowUnkeyed}. */
  public static final String ALLOW_UNKEYED = "dev.idempotent4j.AllowUnkeyed";

  /** {@code dev.idempotent4j.OnInProgress}. */
  public static final String ON_IN_PROGRESS = "dev.idempotent4j.OnInProgress";

  private AnnotationNames() {}
}
