package dev.idempotent4j.processor.sideeffect;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project {@link CompileCost} measures is realistic: clean, and one planted leak is found. */
class GeneratedProjectTest {

  @TempDir Path dir;

  @Test
  void generatedProjectCompilesClean() throws IOException {
    Compilation compilation = compile(GeneratedProject.write(dir, 60, false));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void plantedUnkeyedCallIsTheOnlyError() throws IOException {
    Compilation compilation = compile(GeneratedProject.write(dir, 60, true));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Service1.leak() calls Gateway1.send(String, long)")
        .inFile(TaskCompiler.source(dir.resolve("gen/Service1.java")))
        .onLineContaining("public void leak()");
  }

  private static Compilation compile(List<Path> paths) throws MalformedURLException {
    List<JavaFileObject> sources = new ArrayList<>();
    for (Path path : paths) {
      sources.add(TaskCompiler.source(path));
    }
    return TaskCompiler.javac().compile(sources);
  }
}
