package dev.idempotent4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cycle finder finds a cycle, including one made only by a method's parameter type. */
class PackageCyclesTest {

  @TempDir Path dir;

  @Test
  void aCycleThroughAParameterTypeIsFoundAndALayeringIsNot() throws IOException {
    compile(
        "p/a/A.java", "package p.a; public class A { public void take(p.b.B b) {} }",
        "p/b/B.java", "package p.b; public class B { Object make() { return new p.c.C(); } }",
        "p/c/C.java", "package p.c; public class C { static { new p.a.A(); } }",
        "p/d/D.java", "package p.d; public class D { p.a.A a; }");
    PackageCycles graph = PackageCycles.of(dir.resolve("out"), "p");
    List<String> cycles = graph.cycles();
    assertThat(cycles).hasSize(1);
    assertThat(cycles.get(0))
        .startsWith("cycle among [p.a, p.b, p.c]")
        .contains("p.a -> p.b (p.a.A uses p.b.B)");
    assertThat(graph.dependencies().get("p.d")).containsExactly("p.a");
  }

  private void compile(String... pathsAndSources) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("-d", dir.resolve("out").toString()));
    for (int i = 0; i < pathsAndSources.length; i += 2) {
      Path source = dir.resolve(pathsAndSources[i]);
      Files.createDirectories(source.getParent());
      Files.writeString(source, pathsAndSources[i + 1]);
      args.add(source.toString());
    }
    int exit =
        ToolProvider.findFirst("javac")
            .orElseThrow()
            .run(System.out, System.err, args.toArray(String[]::new));
    assertThat(exit).isZero();
  }
}
