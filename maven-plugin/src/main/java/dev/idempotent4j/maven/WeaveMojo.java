package dev.idempotent4j.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goal {@code weave}: weaves the {@code @IdempotentTask} methods of {@code target/classes} in place
 * after they are compiled ({@code process-classes}), so the packaged jar deduplicates without
 * {@code -javaagent}. A task that cannot be woven fails the build, naming the class, the method and
 * the fix. Running it again over woven classes changes nothing; the agent, if attached too, leaves
 * woven classes alone.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.idempotent4j</groupId>
 *   <artifactId>idempotent4j-maven-plugin</artifactId>
 *   <version>${idempotent4j.version}</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>weave</goal><goal>weave-tests</goal></goals>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class WeaveMojo extends AbstractMojo {

  /** The compiled classes to weave, with the processor's task index and generated classes. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
  File classesDirectory;

  /** Leaves the classes unwoven: their tasks then run deduplicated only under the agent. */
  @Parameter(property = "idempotent4j.weave.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog()
          .warn(
              "idempotent4j: weaving skipped; the tasks in "
                  + classesDirectory
                  + " run without deduplication unless the JVM has -javaagent:idempotent4j-agent.jar");
      return;
    }
    Weaving.weave(getLog(), classesDirectory.toPath(), List.of(classesDirectory.toPath()));
  }
}
