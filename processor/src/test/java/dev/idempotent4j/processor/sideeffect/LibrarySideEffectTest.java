package dev.idempotent4j.processor.sideeffect;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        TaskCompiler.javacWith()
            .compile(
                TaskCompiler.source(
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
    TaskCompiler.writeClasses(library, classes);
    assertThat(Files.exists(classes.resolve("lib/Sms.class"))).isTrue();
    List<File> classpath = TaskCompiler.classPathWith(classes);
    JavaFileObject caller =
        TaskCompiler.source(
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

    Compilation compilation = TaskCompiler.javac().withClasspath(classpath).compile(caller);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Reminder.remind() calls Sms.text(String), a side effect (Sms is" + " @SideEffect)")
        .inFile(caller)
        .onLineContaining("sms.text(");
  }
}
