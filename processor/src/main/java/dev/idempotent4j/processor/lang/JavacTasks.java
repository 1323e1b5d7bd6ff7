package dev.idempotent4j.processor.lang;

import com.sun.source.util.JavacTask;
import java.lang.reflect.Field;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * The one way the processor finds javac's task, for the checks that read attributed trees after
 * analysis through the public {@code com.sun.source} API.
 *
 * <pre>{@code
 * JavacTask task = JavacTasks.of(processingEnv);   // null on another compiler
 * if (task != null) task.addTaskListener(listener);
 * }</pre>
 *
 * <p>Build tools may wrap the environment (Gradle's incremental processing does); such a wrapper
 * keeps javac's environment in a field, which is followed a few levels deep.
 */
public final class JavacTasks {

  private static final int MAX_WRAPPERS = 4;

  private JavacTasks() {}

  /** javac's task behind {@code env}, or {@code null} on another compiler. */
  public static JavacTask of(ProcessingEnvironment env) {
    ProcessingEnvironment candidate = env;
    for (int depth = 0; candidate != null && depth < MAX_WRAPPERS; depth++) {
      try {
        return JavacTask.instance(candidate);
      } catch (IllegalArgumentException | IllegalStateException | NoClassDefFoundError notJavac) {
        candidate = delegateOf(candidate);
      }
    }
    return null;
  }

  private static ProcessingEnvironment delegateOf(ProcessingEnvironment wrapper) {
    for (Class<?> type = wrapper.getClass(); type != null; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (!ProcessingEnvironment.class.isAssignableFrom(field.getType())
            || java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        try {
          field.setAccessible(true);
          Object delegate = field.get(wrapper);
          return delegate == wrapper ? null : (ProcessingEnvironment) delegate;
        } catch (RuntimeException | IllegalAccessException inaccessible) {
          return null;
        }
      }
    }
    return null;
  }
}
