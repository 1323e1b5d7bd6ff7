package dev.idempotent4j.processor.sideeffect;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.idempotent4j.processor.sideeffect.SideEffectSources.compile;
import static dev.idempotent4j.processor.sideeffect.SideEffectSources.source;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members named in a side-effect list count like annotated ones; a bad list fails the build. */
class ThirdPartySideEffectTest {

  private static final JavaFileObject FETCHER =
      source(
          "Fetcher",
          """
      package test;

      import java.io.FileOutputStream;
      import java.io.IOException;
      import java.net.URI;
      import java.net.http.HttpClient;
      import java.net.http.HttpRequest;
      import java.net.http.HttpResponse;
      import java.sql.PreparedStatement;
      import java.sql.SQLException;

      class Fetcher {
        private final HttpClient client = HttpClient.newHttpClient();

        String fetch() throws IOException, InterruptedException {
          HttpRequest request = HttpRequest.newBuilder(URI.create("https://example.com")).build();
          return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }

        int store(PreparedStatement insert) throws SQLException {
          return insert.executeUpdate();
        }

        void save() throws IOException {
          new FileOutputStream("out.txt").close();
        }

        String version() {
          return client.version().name();
        }
      }
      """);

  @TempDir Path dir;

  @Test
  void listNamedByOptionMakesThirdPartyMembersSideEffects() throws IOException {
    Path list = dir.resolve("side-effects");
    Files.writeString(
        list,
        """
        # third-party side effects of this project
        java.net.http.HttpClient#send*   # send and sendAsync
        java.sql.Statement#execute*
        java.io.FileOutputStream#<init>
        """);

    Compilation compilation = compile(List.of("-Aidempotent4j.sideEffects.list=" + list), FETCHER);

    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-unkeyed-side-effect] Fetcher.fetch() calls HttpClient.send("
                + "HttpRequest, HttpResponse.BodyHandler), a side effect (listed in "
                + list
                + " line 2: java.net.http.HttpClient#send*)")
        .inFile(FETCHER)
        .onLineContaining("client.send(");
    assertThat(compilation)
        .hadErrorContaining(
            "Fetcher.store(PreparedStatement) calls"
                + " PreparedStatement.executeUpdate(), a side effect (listed in "
                + list
                + " line 3: java.sql.Statement#execute*)")
        .inFile(FETCHER)
        .onLineContaining("insert.executeUpdate()");
    assertThat(compilation)
        .hadErrorContaining("Fetcher.save() calls constructor FileOutputStream(String)")
        .inFile(FETCHER)
        .onLineContaining("new FileOutputStream");
  }

  @Test
  void listFoundAsResourceOnTheClassPath() throws IOException {
    Path list = dir.resolve("META-INF/idempotent4j/side-effects");
    Files.createDirectories(list.getParent());
    Files.writeString(list, "java.net.http.HttpClient#send\n");
    Compilation compilation =
        TaskCompiler.javac().withClasspath(TaskCompiler.classPathWith(dir)).compile(FETCHER);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Fetcher.fetch() calls HttpClient.send(HttpRequest,"
                + " HttpResponse.BodyHandler), a side effect (listed in ")
        .inFile(FETCHER)
        .onLineContaining("client.send(");
  }

  @Test
  void syntaxErrorNamesTheEntryAndLine() throws IOException {
    Path list = dir.resolve("side-effects");
    Files.writeString(
        list,
        """
        java.net.http.HttpClient#send
        # the next entry has no member after '#'
        com.acme.mail.MailClient#
        """);

    Compilation compilation = compile(List.of("-Aidempotent4j.sideEffects.list=" + list), FETCHER);

    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-side-effect-list-syntax] "
                + list
                + " line 3: bad side-effect entry \"com.acme.mail.MailClient#\": no member after '#'"
                + " (write Type#* for every method, or just Type). Write one entry per line as Type,"
                + " Type#method or Type#<init>, where '*' matches any characters, e.g."
                + " java.net.http.HttpClient#send*");
    // javac stops after an error raised while processors initialise: the list is fixed first.
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void unreadableListIsAnError() {
    Path missing = dir.resolve("no-such-list");

    Compilation compilation =
        compile(List.of("-Aidempotent4j.sideEffects.list=" + missing), FETCHER);

    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-side-effect-list-unreadable] cannot read the"
                + " side-effect list \""
                + missing
                + "\"");
  }

  @Test
  void withoutAListThirdPartyCallsAreClean() {
    assertThat(compile(FETCHER)).succeededWithoutWarnings();
  }
}
