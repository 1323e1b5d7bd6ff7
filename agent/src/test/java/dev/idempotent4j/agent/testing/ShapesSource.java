package dev.idempotent4j.agent.testing;

/**
 * {@code demo.Shapes}: tasks in every shape the weaver must handle, compiled at test time with the
 * processor. Every task body counts itself in {@code RUNS}; keys start with a caller-chosen run id.
 */
public final class ShapesSource {

  private ShapesSource() {}

  public static final String NAME = "demo.Shapes";

  public static final String SOURCE =
      """
      package demo;

      import dev.idempotent4j.IdempotentTask;
      import java.io.IOException;
      import java.util.List;
      import java.util.Optional;
      import java.util.concurrent.atomic.AtomicInteger;
      import java.util.function.Function;

      public class Shapes implements Function<String, List<String>> {
        public static final AtomicInteger RUNS = new AtomicInteger();
        public static int constructed;

        private final String prefix;

        public Shapes() {
          constructed++;
          prefix = "p" + constructed;
        }

        @IdempotentTask(key = "mixed:{key}")
        public static double mixed(
            String key, int i, long l, double d, float f, boolean z, char c, byte b, short s) {
          RUNS.incrementAndGet();
          return i + l + d + f + (z ? 1 : 0) + c + b + s;
        }

        @IdempotentTask(key = "long:{key}")
        public long aLong(String key, long base) {
          return base + RUNS.incrementAndGet();
        }

        @IdempotentTask(key = "float:{key}")
        public float aFloat(String key) {
          return 0.25f + RUNS.incrementAndGet();
        }

        @IdempotentTask(key = "char:{key}")
        public char aChar(String key) {
          return (char) ('a' + RUNS.incrementAndGet() % 26);
        }

        @IdempotentTask(key = "byte:{key}")
        public byte aByte(String key) {
          return (byte) RUNS.incrementAndGet();
        }

        @IdempotentTask(key = "short:{key}")
        public short aShort(String key) {
          return (short) RUNS.incrementAndGet();
        }

        @IdempotentTask(key = "int:{key}")
        public static int anInt(String key) {
          return RUNS.incrementAndGet();
        }

        @IdempotentTask(key = "boolean:{key}")
        public boolean aBoolean(String key) {
          return RUNS.incrementAndGet() > 0;
        }

        @IdempotentTask(key = "void:{key}")
        public void nothing(String key, boolean early) {
          RUNS.incrementAndGet();
          if (early) {
            return;
          }
          RUNS.addAndGet(0);
        }

        @IdempotentTask(key = "loop:{key}")
        public long loop(String key, int n) {
          RUNS.incrementAndGet();
          long total = 0;
          for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
              continue;
            }
            if (total > 1_000_000) {
              return -1;
            }
            total += i;
          }
          double half = total / 2.0;
          return half > 0 ? total : 0;
        }

        @IdempotentTask(key = "parse:{key}")
        public int parse(String key, String text) {
          RUNS.incrementAndGet();
          try {
            return Integer.parseInt(text);
          } catch (NumberFormatException e) {
            return -1;
          } finally {
            RUNS.addAndGet(0);
          }
        }

        @IdempotentTask(key = "io:{key}")
        public String io(String key) throws IOException {
          throw new IOException("io failure " + RUNS.incrementAndGet());
        }

        @IdempotentTask(key = "wrapped:{key}")
        public String wrapped(String key) {
          RUNS.incrementAndGet();
          try {
            Object nothing = null;
            return nothing.toString();
          } catch (NullPointerException e) {
            throw new IllegalArgumentException("wrapped", e);
          }
        }

        @IdempotentTask(key = "sync:{key}")
        public synchronized String sync(String key) {
          synchronized (RUNS) {
            return prefix + "-" + key + "-" + RUNS.incrementAndGet();
          }
        }

        @IdempotentTask(key = "switch:{key}:{kind}")
        public static String kind(String key, String kind) {
          int run = RUNS.incrementAndGet();
          Function<String, String> suffix = s -> s + run;
          switch (kind) {
            case "a":
              return suffix.apply("A");
            case "b":
              return suffix.apply("B");
            default:
              return suffix.apply("?");
          }
        }

        @Override
        @IdempotentTask(key = "apply:{key}")
        public List<String> apply(String key) {
          return List.of(key, "run" + RUNS.incrementAndGet());
        }

        @IdempotentTask(key = "maybe:{key}")
        public Optional<String> maybe(String key) {
          return Optional.of(key + RUNS.incrementAndGet());
        }

        @IdempotentTask(key = "array:{key}")
        public int[] array(String key, int[] values) {
          RUNS.incrementAndGet();
          return values.clone();
        }
      }
      """;
}
