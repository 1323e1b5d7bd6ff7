package dev.idempotent4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.spi.Woven;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals run over real javac output of a small project (compiled with the processor), whose
 * classes are then loaded by a fresh class loader that weaves nothing, in a JVM without the agent:
 * the woven tasks deduplicate on their own.
 */
class WeaveMojoTest {

  private static final String PAYMENTS =
      """
      package shop;

      import dev.idempotent4j.IdempotentTask;

      public class Payments {
        public static int charges;

        @IdempotentTask(key = "charge:{orderId}")
        public String charge(String orderId) {
          charges++;
          return "receipt-" + orderId + "-" + charges;
        }
      }
      """;

  private static final String REFUNDS_TEST =
      """
      package shop;

      import dev.idempotent4j.IdempotentTask;

      public class RefundsFixture {
        public static int refunds;

        @IdempotentTask(key = "refund:{orderId}")
        public static int refund(String orderId) {
          return ++refunds;
        }
      }
      """;

  @TempDir Path project;

  @Test
  void weaveMakesTheClassesDeduplicateWithoutAnAgent() throws Exception {
    Path classes = project.resolve("target/classes");
    Javac.compile(classes, "shop.Payments", PAYMENTS, true);

    weave(classes);

    try (URLClassLoader plain = loader(classes)) {
      Class<?> payments = plain.loadClass("shop.Payments");
      Object instance = payments.getConstructor().newInstance();
      String order = "o-" + UUID.randomUUID();

      Object first = payments.getMethod("charge", String.class).invoke(instance, order);
      Object second = payments.getMethod("charge", String.class).invoke(instance, order);

      assertThat(second).isEqualTo(first);
      assertThat(payments.getField("charges").getInt(null)).isEqualTo(1);
      assertThat(payments.isAnnotationPresent(Woven.class)).isTrue();
    }
  }

  @Test
  void weaveTestsWeavesTheTestClasses() throws Exception {
    Path classes = project.resolve("target/classes");
    Path testClasses = project.resolve("target/test-classes");
    Javac.compile(classes, "shop.Payments", PAYMENTS, true);
    Javac.compile(testClasses, "shop.RefundsFixture", REFUNDS_TEST, true, classes);
    WeaveTestsMojo mojo = new WeaveTestsMojo();
    mojo.testClassesDirectory = testClasses.toFile();
    mojo.classesDirectory = classes.toFile();

    mojo.execute();

    try (URLClassLoader plain = loader(testClasses, classes)) {
      Class<?> refunds = plain.loadClass("shop.RefundsFixture");
      String order = "o-" + UUID.randomUUID();
      Object first = refunds.getMethod("refund", String.class).invoke(null, order);
      Object second = refunds.getMethod("refund", String.class).invoke(null, order);

      assertThat(second).isEqualTo(first);
      // The main classes are weave's business, not weave-tests'.
      assertThat(plain.loadClass("shop.Payments").isAnnotationPresent(Woven.class)).isFalse();
    }
  }

  @Test
  void aTaskCompiledWithoutTheProcessorFailsTheBuild() throws Exception {
    Path classes = project.resolve("target/classes");
    Javac.compile(classes, "shop.Payments", PAYMENTS, false);

    assertThatThrownBy(() -> weave(classes))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("shop.Payments.charge is annotated @IdempotentTask")
        .hasMessageContaining("idempotent4j-processor")
        .hasMessageContaining("<annotationProcessorPaths>");
  }

  @Test
  void skippingLeavesTheClassesAsCompiled() throws Exception {
    Path classes = project.resolve("target/classes");
    Javac.compile(classes, "shop.Payments", PAYMENTS, true);
    WeaveMojo mojo = new WeaveMojo();
    mojo.classesDirectory = classes.toFile();
    mojo.skip = true;

    mojo.execute();

    try (URLClassLoader plain = loader(classes)) {
      assertThat(plain.loadClass("shop.Payments").isAnnotationPresent(Woven.class)).isFalse();
    }
  }

  @Test
  void aMissingDirectoryIsNothingToWeave() throws Exception {
    weave(project.resolve("target/classes"));
  }

  private static void weave(Path classes) throws Exception {
    WeaveMojo mojo = new WeaveMojo();
    mojo.classesDirectory = classes.toFile();
    mojo.execute();
  }

  /** A loader that defines the class files as they are; its parent sees the runtime. */
  private static URLClassLoader loader(Path... dirs) throws Exception {
    URL[] urls = new URL[dirs.length];
    for (int i = 0; i < dirs.length; i++) {
      urls[i] = dirs[i].toUri().toURL();
    }
    return new URLClassLoader(urls, WeaveMojoTest.class.getClassLoader());
  }
}
