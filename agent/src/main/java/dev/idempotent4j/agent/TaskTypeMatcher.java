package dev.idempotent4j.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.io.IOException;
import java.io.InputStream;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Selects the types to weave: those the task index lists, and those that carry {@code
 * IdempotentTask} without being listed (compiled without the processor). Loads no classes: names
 * are looked up in the index, and an unlisted type is checked from its class file.
 *
 * <pre>{@code
 * agentBuilder.type(new TaskTypeMatcher(indexes)).transform(...)
 * }</pre>
 */
final class TaskTypeMatcher implements AgentBuilder.RawMatcher {

  private final TaskIndexes indexes;

  TaskTypeMatcher(TaskIndexes indexes) {
    this.indexes = indexes;
  }

  @Override
  public boolean matches(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain) {
    if (loader == null) {
      return false;
    }
    if (indexes.of(loader).declares(type.getName())) {
      return true;
    }
    if (classBeingRedefined != null) {
      // An already-loaded class is described by reflection, which may load other classes: read
      // its class file instead and look for the annotation's descriptor.
      return classFileMentionsTask(loader, type.getName());
    }
    // A class being loaded is described from its class file: reading its annotations is cheap.
    return !type.getDeclaredMethods()
        .filter(isAnnotatedWith(named(ClassFileScan.ANNOTATION)))
        .isEmpty();
  }

  private static boolean classFileMentionsTask(ClassLoader loader, String className) {
    try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
      return in != null && ClassFileScan.mentionsIdempotentTask(in.readAllBytes());
    } catch (IOException e) {
      return false;
    }
  }
}
