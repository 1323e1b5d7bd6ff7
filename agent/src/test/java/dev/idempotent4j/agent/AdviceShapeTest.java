package dev.idempotent4j.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.agent.testing.Sources;
import dev.idempotent4j.agent.testing.WithoutProcessor;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advice stubs applied with plain Byte Buddy, without an agent. */
class AdviceShapeTest {

  private final AdviceTypes advice = new AdviceTypes();

  @Test
  void unprocessedTasksFailWithTheProcessorMessage(@TempDir Path dir) throws Throwable {
    Class<?> mailer = weave(dir, advice.unprocessed());
    Object instance = mailer.getConstructor().newInstance();

    assertThatThrownBy(() -> call(mailer, instance, "welcome", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("demo.Mailer.welcome is annotated @IdempotentTask")
        .hasMessageContaining("compiled without the idempotent4j processor")
        .hasMessageContaining("annotationProcessorPaths");
    assertThatThrownBy(() -> call(mailer, null, "staticSend", "ann"))
        .hasMessageContaining("demo.Mailer.staticSend is annotated");
    assertThatThrownBy(() -> call(mailer, instance, "callsPrivate", "ann"))
        .hasMessageContaining("demo.Mailer.privateSend is annotated");
    assertThat(call(mailer, instance, "plain", "ann")).isEqualTo("plain ann");
    assertThat(mailer.getField("runs").getInt(null)).isEqualTo(1);
  }

  @Test
  void refusedTasksFailWithTheWeavingError(@TempDir Path dir) throws Throwable {
    Class<?> mailer = weave(dir, advice.refused("idempotent4j could not weave demo.Mailer (boom)"));
    Object instance = mailer.getConstructor().newInstance();

    assertThatThrownBy(() -> call(mailer, instance, "welcome", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessage("idempotent4j could not weave demo.Mailer (boom)");
    assertThatThrownBy(() -> call(mailer, null, "staticSend", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class);
    assertThatThrownBy(() -> call(mailer, instance, "callsPrivate", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class);
    assertThat(mailer.getField("runs").getInt(null)).isZero();
  }

  @Test
  void refusalRewritesAClassFile(@TempDir Path dir) throws Exception {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);
    byte[] original = java.nio.file.Files.readAllBytes(dir.resolve("demo/Mailer.class"));

    byte[] refused =
        new Refusal(advice)
            .refuse(
                "demo.Mailer",
                getClass().getClassLoader(),
                original,
                new IllegalStateException("x"));

    Class<?> mailer =
        new ByteArrayLoader(getClass().getClassLoader()).define("demo.Mailer", refused);
    assertThatThrownBy(() -> call(mailer, null, "staticSend", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j could not weave demo.Mailer")
        .hasMessageContaining("java.lang.IllegalStateException: x")
        .hasMessageContaining("refuse to run instead of running without deduplication");
  }

  @Test
  void aClassFileThatCannotBeRewrittenBecomesUnloadable() {
    byte[] refused =
        new Refusal(advice)
            .refuse(
                "demo.Nothing",
                getClass().getClassLoader(),
                new byte[] {1, 2, 3},
                new IllegalStateException("x"));

    assertThat(refused).isEmpty();
  }

  private Class<?> weave(Path dir, Advice woven) throws Exception {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);
    URLClassLoader source = WithoutProcessor.loader(dir);
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(source);
    TypeDescription type = TypePool.Default.of(locator).describe(Sources.MAILER_NAME).resolve();
    return new ByteBuddy()
        .redefine(type, locator)
        .visit(woven.on(isAnnotatedWith(named(ClassFileScan.ANNOTATION))))
        .make()
        .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
        .getLoaded();
  }

  static Object call(Class<?> type, Object target, String method, String arg) throws Throwable {
    Method m = type.getMethod(method, String.class);
    try {
      return m.invoke(target, arg);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class ByteArrayLoader extends ClassLoader {
    ByteArrayLoader(ClassLoader parent) {
      super(parent);
    }

    Class<?> define(String name, byte[] bytes) {
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
