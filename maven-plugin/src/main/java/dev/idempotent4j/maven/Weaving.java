package dev.idempotent4j.maven;

import dev.idempotent4j.agent.BuildTimeWeaver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * What both goals do: run the agent's {@link BuildTimeWeaver} over one output directory, and turn a
 * task that cannot be woven into a failed build whose message is the weaver's (it names the class,
 * the method and the fix).
 *
 * <pre>{@code
 * Weaving.weave(getLog(), classes, List.of(classes));
 * }</pre>
 */
final class Weaving {

  private Weaving() {}

  /**
   * Weaves {@code directory} in place; {@code classPath} is where the task index and the generated
   * classes are read from (the directory first).
   */
  static void weave(Log log, Path directory, List<Path> classPath)
      throws MojoExecutionException, MojoFailureException {
    if (!Files.isDirectory(directory)) {
      log.debug("idempotent4j: " + directory + " does not exist; nothing to weave");
      return;
    }
    try (BuildTimeWeaver weaver = BuildTimeWeaver.over(classPath)) {
      List<String> woven = weaver.weaveDirectory(directory);
      log.info("idempotent4j: wove " + woven.size() + " task classes in " + directory);
      for (String className : woven) {
        log.debug("idempotent4j: wove " + className);
      }
    } catch (IllegalStateException cannotWeave) {
      // A task that would run without deduplication: the build must not produce the jar.
      throw new MojoFailureException(cannotWeave.getMessage(), cannotWeave);
    } catch (IOException e) {
      throw new MojoExecutionException("idempotent4j: cannot rewrite " + directory + ": " + e, e);
    }
  }
}
