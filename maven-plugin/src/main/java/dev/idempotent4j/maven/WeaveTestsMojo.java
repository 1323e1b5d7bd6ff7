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
 * Goal {@code weave-tests}: weaves the {@code @IdempotentTask} methods of {@code
 * target/test-classes} ({@code process-test-classes}), so that tasks declared in test code
 * deduplicate in tests without an agent. The main classes are on the weaver's class path too. Tasks
 * of the main code need only {@code weave}.
 *
 * <pre>{@code
 * <goals><goal>weave</goal><goal>weave-tests</goal></goals>
 * }</pre>
 */
@Mojo(name = "weave-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES, threadSafe = true)
public class WeaveTestsMojo extends AbstractMojo {

  /** The compiled test classes to weave. */
  @Parameter(defaultValue = "${project.build.testOutputDirectory}", required = true)
  File testClassesDirectory;

  /** The main classes, where tests' tasks may find generated classes of the main code. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
  File classesDirectory;

  /** Leaves the test classes unwoven ({@code -Dmaven.test.skip} skips them too). */
  @Parameter(property = "idempotent4j.weave.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().warn("idempotent4j: weaving of " + testClassesDirectory + " skipped");
      return;
    }
    Weaving.weave(
        getLog(),
        testClassesDirectory.toPath(),
        List.of(testClassesDirectory.toPath(), classesDirectory.toPath()));
  }
}
