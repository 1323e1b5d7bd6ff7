package dev.idempotent4j.spring.boot.unwoven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.spring.boot.UnwovenTasksException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * A Boot application whose class path holds a task class compiled with the processor (so the task
 * index lists it) and never woven: start-up stops with the analyzer's report, as a user sees it.
 * The class is only on the application's class loader (handed to {@code SpringApplication} as its
 * resource loader, as a fat jar's launcher does), not on the test thread's: so the starter's check,
 * not the engine's, is the one that finds it.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnwovenTasksStartupTest {

  @TempDir static Path classes;

  private static ClassLoader application;

  @BeforeAll
  static void compileAnUnwovenTask() throws IOException {
    Path source = classes.resolve("src/com/acme/unwoven/Payments.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        package com.acme.unwoven;

        import dev.idempotent4j.IdempotentTask;

        public class Payments {
          @IdempotentTask(key = "{orderId}")
          public String charge(String orderId) {
            return "charged " + orderId;
          }
        }
        """,
        StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-classpath",
            System.getProperty("java.class.path"),
            "-processor",
            "dev.idempotent4j.processor.IdempotentTaskProcessor",
            "-d",
            classes.resolve("out").toString(),
            source.toString());
    assertThat(status).as("javac with the processor").isZero();
    assertThat(classes.resolve("out/META-INF/idempotent4j/tasks")).exists();
    application =
        new URLClassLoader(
            new URL[] {classes.resolve("out").toUri().toURL()},
            UnwovenTasksStartupTest.class.getClassLoader());
  }

  @AfterEach
  void reset() {
    Idempotency.reset();
  }

  @Test
  void anUnwovenTaskStopsStartUpWithAReportThatSaysWhatToAdd(CapturedOutput output) {
    assertThatThrownBy(() -> start())
        .hasRootCauseInstanceOf(UnwovenTasksException.class)
        .rootCause()
        .satisfies(
            e ->
                assertThat(((UnwovenTasksException) e).tasks())
                    .isEqualTo(List.of("com.acme.unwoven.Payments.charge")));

    assertThat(output)
        .contains(
            "APPLICATION FAILED TO START",
            "1 @IdempotentTask method(s) are not woven and would run without deduplication",
            "com.acme.unwoven.Payments.charge",
            "java -javaagent:idempotent4j-agent.jar -jar app.jar",
            "<artifactId>idempotent4j-maven-plugin</artifactId>",
            "<goal>weave</goal>",
            "dev.idempotent4j.agent.IdempotencyAgent.install();",
            "idempotent4j.weaving-check=warn");
  }

  @Test
  void withWeavingCheckWarnTheApplicationStarts() {
    try (ConfigurableApplicationContext context = start("--idempotent4j.weaving-check=warn")) {
      assertThat(context.isRunning()).isTrue();
    }
  }

  @Test
  void withoutUnwovenTasksOnItsClassPathTheSameApplicationStarts() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(UnwovenApplication.class).web(WebApplicationType.NONE).run()) {
      assertThat(context.isRunning()).isTrue();
    }
  }

  private static ConfigurableApplicationContext start(String... args) {
    return new SpringApplicationBuilder(UnwovenApplication.class)
        .resourceLoader(new DefaultResourceLoader(application))
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
