package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.contract.TaskIndexFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskIndexTest {

  private static final String CHARGE =
      "com.acme.Payments charge (Lcom/acme/Order;)Lcom/acme/Receipt;"
          + " com.acme.Payments_Idempotent4j charge";

  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStandardError() {
    originalErr = System.err;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStandardError() {
    System.setErr(originalErr);
  }

  @Test
  void readsEntriesByDeclaringClass() {
    TaskIndex index =
        TaskIndex.parse(
            TaskIndexFormat.HEADER
                + "\n"
                + CHARGE
                + "\n"
                + "com.acme.Outer$Inner run ()V com.acme.Outer_Inner_Idempotent4j run\n",
            "test");

    assertThat(index.declares("com.acme.Payments")).isTrue();
    assertThat(index.declares("com.acme.Outer$Inner")).isTrue();
    assertThat(index.declares("com.acme.Other")).isFalse();
    assertThat(index.entries("com.acme.Payments"))
        .containsExactly(
            new TaskIndex.Entry(
                "com.acme.Payments",
                "charge",
                "(Lcom/acme/Order;)Lcom/acme/Receipt;",
                "com.acme.Payments_Idempotent4j",
                "charge"));
    assertThat(index.entries("com.acme.Other")).isEmpty();
    assertThat(errors.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void skipsCommentsAndBlankLines() {
    TaskIndex index =
        TaskIndex.parse(
            TaskIndexFormat.HEADER + "\n\n# a comment\n" + CHARGE + "   # trailing comment\n",
            "test");

    assertThat(index.size()).isEqualTo(1);
    assertThat(index.entries("com.acme.Payments").get(0).invokerField()).isEqualTo("charge");
  }

  @Test
  void reportsAndSkipsAMalformedLine() {
    TaskIndex index =
        TaskIndex.parse(
            TaskIndexFormat.HEADER + "\ncom.acme.Broken run\n" + CHARGE + "\n", "jar:/app.jar!/x");

    assertThat(index.declares("com.acme.Broken")).isFalse();
    assertThat(index.declares("com.acme.Payments")).isTrue();
    assertThat(errors.toString(StandardCharsets.UTF_8))
        .contains("jar:/app.jar!/x line 2: \"com.acme.Broken run\" is not")
        .contains("refuse to run");
  }

  @Test
  void ignoresAFileOfAnotherVersion() {
    TaskIndex index = TaskIndex.parse("# idempotent4j task index v9\n" + CHARGE + "\n", "f");

    assertThat(index.size()).isZero();
    assertThat(errors.toString(StandardCharsets.UTF_8))
        .contains("f does not start with \"# idempotent4j task index v1\"")
        .contains("found \"# idempotent4j task index v9\"");
  }

  @Test
  void mergesEveryIndexALoaderSees(@TempDir Path first, @TempDir Path second) throws Exception {
    writeIndex(first, CHARGE);
    writeIndex(
        second, "com.acme.Mailer send (Ljava/lang/String;)V com.acme.Mailer_Idempotent4j send");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()}, null)) {
      TaskIndexes indexes = new TaskIndexes();

      TaskIndex index = indexes.of(loader);

      assertThat(index.declares("com.acme.Payments")).isTrue();
      assertThat(index.declares("com.acme.Mailer")).isTrue();
      assertThat(indexes.of(loader)).isSameAs(index);
    }
  }

  @Test
  void manyThreadsAskingAtOnceGetOneIndex(@TempDir Path root) throws Exception {
    writeIndex(root, CHARGE);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      TaskIndexes indexes = new TaskIndexes();
      int threads = 16;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<TaskIndex>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return indexes.of(loader);
                  }));
        }
        go.countDown();
        TaskIndex first = answers.get(0).get(30, TimeUnit.SECONDS);
        for (Future<TaskIndex> answer : answers) {
          assertThat(answer.get(30, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(first.declares("com.acme.Payments")).isTrue();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void theBootstrapLoaderHasNoTasks() {
    assertThat(new TaskIndexes().of(null).size()).isZero();
  }

  private static void writeIndex(Path root, String line) throws Exception {
    Path file = root.resolve(TaskIndexFormat.RESOURCE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, TaskIndexFormat.HEADER + "\n" + line + "\n");
  }
}
