package dev.idempotent4j.runtime;

import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.contract.TaskIndexFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the tasks that would run without deduplication: methods the processor's task index ({@code
 * META-INF/idempotent4j/tasks}) lists, in classes that carry no {@link
 * dev.idempotent4j.runtime.spi.Woven} mark (no agent attached, no build-time weaving). The engine
 * runs it once when it starts, and fails then, naming the methods and the fixes, instead of letting
 * them run bare in silence; the JUnit extension runs it after attaching the agent, the Spring
 * starter before the application starts. For idempotent4j's own modules; applications meet it
 * through those.
 *
 * <pre>{@code
 * List<String> bare = WeavingCheck.unwovenTasks(Thread.currentThread().getContextClassLoader());
 * }</pre>
 *
 * <p>Each listed class is loaded (not initialised) to read its mark: with the agent attached that
 * load is where it is woven, so the answer is the one its first call would meet. This costs one
 * class load per task class at engine start and nothing per call.
 */
public final class WeavingCheck {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");
  private static final String INDEX = TaskIndexFormat.RESOURCE;

  private WeavingCheck() {}

  /**
   * The listed tasks ({@code com.acme.Payments.charge}) visible to {@code loader} whose classes are
   * not woven, in index order; empty when every one is woven or none is listed. A listed class that
   * does not load is left out: it cannot run either.
   */
  public static List<String> unwovenTasks(ClassLoader loader) {
    List<String> unwoven = new ArrayList<>();
    tasksByClass(loader)
        .forEach(
            (className, methods) -> {
              Class<?> type;
              try {
                type = Class.forName(className, false, loader);
              } catch (ClassNotFoundException | LinkageError e) {
                LOG.log(
                    System.Logger.Level.DEBUG, "task class {0} does not load: {1}", className, e);
                return;
              }
              if (!isWoven(type)) {
                for (String method : methods) {
                  unwoven.add(className + "." + method);
                }
              }
            });
    return unwoven;
  }

  /**
   * The engine's start: fails, or with {@code weaving-check=warn} logs an error, when a listed task
   * is not woven, looking through the thread's context class loader and the runtime's own.
   *
   * @throws IdempotencyConfigurationException naming the tasks and the ways to weave them
   */
  public static void atEngineStart(boolean fail) {
    Set<String> unwoven = new LinkedHashSet<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      unwoven.addAll(unwovenTasks(context));
    }
    ClassLoader own = WeavingCheck.class.getClassLoader();
    if (own != null && own != context) {
      unwoven.addAll(unwovenTasks(own));
    }
    if (unwoven.isEmpty()) {
      return;
    }
    String message = message(unwoven);
    if (fail) {
      throw new IdempotencyConfigurationException(message);
    }
    LOG.log(System.Logger.Level.ERROR, message);
  }

  static String message(Set<String> unwoven) {
    return "idempotent4j: "
        + unwoven.size()
        + " @IdempotentTask method(s) are not woven and would run without deduplication, as"
        + " often as they are called: "
        + String.join(", ", unwoven)
        + ". Weave them at build time (Maven: add dev.idempotent4j:idempotent4j-maven-plugin with"
        + " goal weave; other builds: java -cp idempotent4j-agent.jar"
        + " dev.idempotent4j.agent.BuildTimeWeaver <classes directory>), or start the JVM with"
        + " -javaagent:idempotent4j-agent.jar; in JUnit 5 tests use"
        + " @ExtendWith(dev.idempotent4j.junit.IdempotentExtension.class). To start anyway and"
        + " only log this, set weaving-check=warn.";
  }

  private static boolean isWoven(Class<?> type) {
    // By name: a class may see another copy of the runtime than this one does.
    for (Annotation annotation : type.getDeclaredAnnotations()) {
      if (annotation.annotationType().getName().equals(RuntimeNames.WOVEN)) {
        return true;
      }
    }
    return false;
  }

  /** Every index resource's tasks: class name to method names, each line's first two fields. */
  private static Map<String, Set<String>> tasksByClass(ClassLoader loader) {
    Map<String, Set<String>> tasks = new LinkedHashMap<>();
    try {
      Enumeration<URL> resources = loader.getResources(INDEX);
      while (resources.hasMoreElements()) {
        URLConnection connection = resources.nextElement().openConnection();
        connection.setUseCaches(false);
        try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            int comment = line.indexOf(TaskIndexFormat.COMMENT);
            String[] fields =
                (comment < 0 ? line : line.substring(0, comment))
                    .strip()
                    .split(TaskIndexFormat.SEPARATOR, -1);
            if (fields.length >= 2 && !fields[0].isEmpty()) {
              tasks.computeIfAbsent(fields[0], k -> new LinkedHashSet<>()).add(fields[1]);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "idempotent4j cannot read " + INDEX + ": " + e);
    }
    return tasks;
  }
}
