package dev.idempotent4j.processor.sideeffect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic project shaped like a service code base: side-effect gateways, services that
 * call them from tasks, lambdas and {@code @SideEffect} helpers, and plain value and utility
 * classes. Used to measure the check's cost ({@link CompileCost}) and to show it stays silent on
 * clean code ({@code GeneratedProjectTest}).
 *
 * <pre>{@code
 * List<Path> sources = GeneratedProject.write(dir, 500, false);
 * }</pre>
 */
final class GeneratedProject {

  private GeneratedProject() {}

  /**
   * Writes {@code classes} source files under {@code dir} (about one gateway in ten) and returns
   * them. With {@code plantUnkeyedCall}, one service method calls a gateway without a key.
   */
  static List<Path> write(Path dir, int classes, boolean plantUnkeyedCall) throws IOException {
    Path pkg = dir.resolve("gen");
    Files.createDirectories(pkg);
    List<Path> files = new ArrayList<>();
    int gateways = Math.max(1, classes / 10);
    for (int g = 0; g < gateways; g++) {
      files.add(write(pkg, "Gateway" + g, gateway(g)));
    }
    for (int s = 0; s < classes - gateways; s++) {
      String name = "Service" + s;
      String text =
          s % 3 == 0 ? value(name) : service(name, s, gateways, plantUnkeyedCall && s == 1);
      files.add(write(pkg, name, text));
    }
    return files;
  }

  private static Path write(Path pkg, String name, String text) throws IOException {
    Path file = pkg.resolve(name + ".java");
    Files.writeString(file, text);
    return file;
  }

  private static String gateway(int g) {
    return """
        package gen;

        import dev.idempotent4j.SideEffect;
        import java.util.ArrayList;
        import java.util.List;

        @SideEffect
        public class Gateway%1$d {
          private final List<String> sent = new ArrayList<>();

          public Gateway%1$d() {}

          public String send(String to, long cents) {
            sent.add(to + ":" + cents);
            return "receipt-" + sent.size();
          }

          public int count() {
            return sent.size();
          }
        }
        """
        .formatted(g);
  }

  /** A record with a few derived values: pure code, many calls, no side effects. */
  private static String value(String name) {
    return """
        package gen;

        import java.util.List;
        import java.util.Locale;
        import java.util.stream.Collectors;

        public record %1$s(String id, long cents, List<String> tags) {
          public %1$s {
            tags = List.copyOf(tags);
          }

          public String label() {
            return tags.stream()
                .map(t -> t.toUpperCase(Locale.ROOT))
                .filter(t -> !t.isBlank())
                .sorted()
                .collect(Collectors.joining(",", id + "[", "]"));
          }

          public long total(int times) {
            long sum = 0;
            for (int i = 0; i < times; i++) {
              sum = Math.addExact(sum, cents);
            }
            return sum;
          }

          public static %1$s of(String id) {
            return new %1$s(id, id.length() * 100L, List.of("a", "b", id));
          }
        }
        """
        .formatted(name);
  }

  private static String service(String name, int s, int gateways, boolean unkeyed) {
    String gateway = "Gateway" + (s % gateways);
    String value = "Service" + (s / 3 * 3);
    return """
        package gen;

        import dev.idempotent4j.AllowUnkeyed;
        import dev.idempotent4j.IdempotentTask;
        import dev.idempotent4j.SideEffect;
        import java.util.List;
        import java.util.Map;
        import java.util.function.Function;
        import java.util.stream.Collectors;

        public class %1$s {
          private final %2$s gateway = new %2$s();
          private final Map<String, Long> totals = new java.util.HashMap<>();

          @IdempotentTask(key = "%1$s:{orderId}")
          public void settle(String orderId, List<String> recipients) {
            recipients.forEach(to -> gateway.send(to, totals.getOrDefault(to, 0L)));
            notifyAll(recipients);
          }

          @SideEffect
          void notifyAll(List<String> recipients) {
            for (String to : recipients) {
              gateway.send(to, 1);
            }
          }

          @AllowUnkeyed("metrics: a duplicate count is harmless")
          int sentSoFar() {
            return gateway.count();
          }

          public Map<String, String> labels(List<String> ids) {
            Function<String, %3$s> make = %3$s::of;
            return ids.stream()
                .map(make)
                .collect(Collectors.toMap(%3$s::id, %3$s::label, (a, b) -> a));
          }

          public long sum(List<String> ids) {
            long sum = 0;
            for (String id : ids) {
              %3$s v = %3$s.of(id);
              sum += v.total(3);
              totals.merge(id, v.cents(), Long::sum);
            }
            return sum;
          }

          public String describe(Object o) {
            if (o instanceof String text && !text.isEmpty()) {
              return text.strip();
            }
            return new Object() {
              @Override
              public String toString() {
                return "%1$s/" + totals.size();
              }
            }.toString();
          }
          %4$s
        }
        """
        .formatted(
            name, gateway, value, unkeyed ? "public void leak() { gateway.send(\"x\", 1); }" : "");
  }
}
