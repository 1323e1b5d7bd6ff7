package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.agent.testing.ShapesSource;
import dev.idempotent4j.agent.testing.WithProcessor;
import dev.idempotent4j.runtime.KeyDerivationException;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ShapesSource}, compiled with the processor for Java 17 and for the running JDK's own
 * release, loaded through {@link TaskClassFileTransformer} without an agent and run against the
 * real runtime: every argument and return type, exceptions, loops, handlers and monitors in the
 * body (whose stack map frames the weaver keeps), generic returns and bridges, constructors.
 */
class WovenShapesTest {

  @TempDir static Path classes;

  private static final Map<Integer, Class<?>> WOVEN = new ConcurrentHashMap<>();

  static IntStream releases() {
    return IntStream.of(17, Runtime.version().feature()).distinct();
  }

  private static Class<?> shapes(int release) {
    return WOVEN.computeIfAbsent(
        release,
        r -> {
          try {
            Path dir = Files.createDirectories(classes.resolve("release" + r));
            WithProcessor.compile(dir, ShapesSource.NAME, ShapesSource.SOURCE, r);
            URLClassLoader loader = WovenClasses.inDirectory(dir);
            return loader.loadClass(ShapesSource.NAME);
          } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("releases")
  void theClassFileHasTheRequestedVersion(int release) throws Exception {
    byte[] header =
        Files.readAllBytes(classes.resolve("release" + release).resolve("demo/Shapes.class"));
    shapes(release);

    assertThat(((header[6] & 0xff) << 8 | (header[7] & 0xff)) - 44).isEqualTo(release);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void everyPrimitiveArgumentAndReturnTypeIsBoxedAndUnboxed(int release) throws Throwable {
    Class<?> type = shapes(release);
    Object shapes = type.getConstructor().newInstance();
    String key = unique();
    int before = runs(type);

    Object[] first = {
      WovenClasses.call(
          type, null, "mixed", key, 1, 2L, 0.5d, 0.25f, true, 'c', (byte) 3, (short) 4),
      WovenClasses.call(type, shapes, "aLong", key, 10_000_000_000L),
      WovenClasses.call(type, shapes, "aFloat", key),
      WovenClasses.call(type, shapes, "aChar", key),
      WovenClasses.call(type, shapes, "aByte", key),
      WovenClasses.call(type, shapes, "aShort", key),
      WovenClasses.call(type, null, "anInt", key),
      WovenClasses.call(type, shapes, "aBoolean", key),
    };
    Object[] again = {
      WovenClasses.call(type, null, "mixed", key, 9, 9L, 9d, 9f, false, 'x', (byte) 9, (short) 9),
      WovenClasses.call(type, shapes, "aLong", key, 0L),
      WovenClasses.call(type, shapes, "aFloat", key),
      WovenClasses.call(type, shapes, "aChar", key),
      WovenClasses.call(type, shapes, "aByte", key),
      WovenClasses.call(type, shapes, "aShort", key),
      WovenClasses.call(type, null, "anInt", key),
      WovenClasses.call(type, shapes, "aBoolean", key),
    };

    assertThat(first[0]).isEqualTo(1 + 2 + 0.5d + 0.25f + 1 + 'c' + 3 + 4);
    assertThat((long) first[1]).isGreaterThan(10_000_000_000L);
    assertThat(again).containsExactly(first);
    assertThat(runs(type) - before).isEqualTo(8);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void voidTasksRunOnceWhicheverReturnTheyTake(int release) throws Throwable {
    Class<?> type = shapes(release);
    Object shapes = type.getConstructor().newInstance();
    String early = unique();
    String late = unique();
    int before = runs(type);

    assertThat(WovenClasses.call(type, shapes, "nothing", early, true)).isNull();
    WovenClasses.call(type, shapes, "nothing", early, false);
    WovenClasses.call(type, shapes, "nothing", late, false);
    WovenClasses.call(type, shapes, "nothing", late, true);

    assertThat(runs(type) - before).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void loopsHandlersAndMonitorsInTheBodyKeepTheirBehaviour(int release) throws Throwable {
    Class<?> type = shapes(release);
    Object shapes = type.getConstructor().newInstance();
    String key = unique();
    int before = runs(type);

    assertThat(WovenClasses.call(type, shapes, "loop", key, 10)).isEqualTo(27L);
    assertThat(WovenClasses.call(type, shapes, "loop", key, 99)).isEqualTo(27L);
    assertThat(WovenClasses.call(type, shapes, "parse", key, "x")).isEqualTo(-1);
    assertThat(WovenClasses.call(type, shapes, "parse", unique(), "42")).isEqualTo(42);
    Object synced = WovenClasses.call(type, shapes, "sync", key);
    assertThat(WovenClasses.call(type, shapes, "sync", key)).isEqualTo(synced);
    assertThat(WovenClasses.call(type, null, "kind", key, "b")).asString().startsWith("B");
    assertThat(WovenClasses.call(type, null, "kind", key, "z")).asString().startsWith("?");
    assertThat(WovenClasses.call(type, null, "kind", key, "b"))
        .isEqualTo(WovenClasses.call(type, null, "kind", key, "b"));

    assertThat(runs(type) - before).isEqualTo(6);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void anExceptionLeavesTheMethodUnchangedAndARetryRunsAgain(int release) throws Throwable {
    Class<?> type = shapes(release);
    Object shapes = type.getConstructor().newInstance();
    String key = unique();
    int before = runs(type);

    assertThatThrownBy(() -> WovenClasses.call(type, shapes, "io", key))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageStartingWith("io failure ");
    assertThatThrownBy(() -> WovenClasses.call(type, shapes, "wrapped", key))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("wrapped")
        .hasCauseInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WovenClasses.call(type, shapes, "io", key))
        .isExactlyInstanceOf(IOException.class);

    assertThat(runs(type) - before).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void anExceptionOfTheRuntimeStopsTheCallBeforeTheBody(int release) throws Exception {
    Class<?> type = shapes(release);
    int before = runs(type);

    assertThatThrownBy(() -> WovenClasses.call(type, null, "kind", null, "a"))
        .isInstanceOf(KeyDerivationException.class);

    assertThat(runs(type)).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource("releases")
  @SuppressWarnings("unchecked")
  void genericReturnsAreReplayedAndTheBridgeIsLeftToTheTask(int release) throws Throwable {
    Class<?> type = shapes(release);
    Object shapes = type.getConstructor().newInstance();
    String key = unique();
    int before = runs(type);

    List<String> direct = (List<String>) WovenClasses.call(type, shapes, "apply", key);
    List<String> viaBridge = ((Function<String, List<String>>) shapes).apply(key);
    Optional<String> maybe = (Optional<String>) WovenClasses.call(type, shapes, "maybe", key);
    int[] array = (int[]) WovenClasses.call(type, shapes, "array", key, new int[] {1, 2});

    assertThat(viaBridge).isEqualTo(direct);
    assertThat(WovenClasses.call(type, shapes, "maybe", key)).isEqualTo(maybe);
    assertThat((int[]) WovenClasses.call(type, shapes, "array", key, new int[] {3}))
        .containsExactly(array);
    assertThat(array).containsExactly(1, 2);
    assertThat(runs(type) - before).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("releases")
  void constructorsAreNotWoven(int release) throws Exception {
    Class<?> type = shapes(release);
    int constructed = type.getField("constructed").getInt(null);

    type.getConstructor().newInstance();
    type.getConstructor().newInstance();

    assertThat(type.getField("constructed").getInt(null)).isEqualTo(constructed + 2);
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }

  private static int runs(Class<?> type) throws ReflectiveOperationException {
    return ((AtomicInteger) type.getField("RUNS").get(null)).get();
  }
}
