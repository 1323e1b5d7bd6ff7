package dev.idempotent4j.processor.sideeffect;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.idempotent4j.processor.IdempotentTaskProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check reads @SideEffect from compiled classes: a library's annotations count. */
class LibrarySideEffectTest {

  @TempDir Path classes;

  @Test
  void sideEffectTypeFromCompiledLibrary() throws IOException {
    Compilation library =
        Compiler.javac()
            .compile(
                JavaFileObjects.forSourceString(
                    "lib.Sms",
                    """
        package lib;

        import dev.idempotent4j.SideEffect;

        @SideEffect
        public class Sms {
          public void text(String number) {}
        }
        """));
    assertThat(library).succeeded();
    for (JavaFileObject file : library.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        Path target = classes.resolve(file.getName().replaceFirst("^/?CLASS_OUTPUT/", ""));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    }
    assertThat(Files.exists(classes.resolve("lib/Sms.class"))).isTrue();
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    classpath.add(classes.toFile());
    JavaFileObject caller =
        JavaFileObjects.forSourceString(
            "app.Reminder",
            """
        package app;

        import lib.Sms;

        class Reminder {
          private final Sms sms = new Sms();

          void remind() {
            sms.text("+15550100");
          }
        }
        """);

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new IdempotentTaskProcessor())
            .withClasspath(classpath)
            .compile(caller);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Reminder.remind() calls Sms.text(String), a side effect (Sms is" + " @SideEffect)")
        .inFile(caller)
        .onLineContaining("sms.text(");
  }
}
