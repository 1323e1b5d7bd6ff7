package dev.idempotent4j.processor.generate;

import dev.idempotent4j.contract.TaskIndexFormat;
import dev.idempotent4j.processor.lang.Methods;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Collects the tasks of every round and writes the index the agent weaves from, once, when
 * processing is over: {@link TaskIndexFormat#RESOURCE} in the class output, in the format {@link
 * TaskIndexFormat} defines for both sides, one line per task, sorted.
 *
 * <pre>
 * # idempotent4j task index v1
 * com.acme.Payments charge (Lcom/acme/Order;)Lcom/acme/Receipt; com.acme.Payments_Idempotent4j charge
 * </pre>
 *
 * <p>The index aggregates all tasks of the compilation, so the processor is AGGREGATING for Gradle.
 */
public final class TaskIndexWriter {

  private final Elements elements;
  private final Types types;
  private final Filer filer;
  private final TreeSet<String> lines = new TreeSet<>();
  private final List<Element> originating = new ArrayList<>();

  /** An index for one compilation, written through {@code filer}. */
  public TaskIndexWriter(Elements elements, Types types, Filer filer) {
    this.elements = elements;
    this.types = types;
    this.filer = filer;
  }

  /** Adds the line of one generated task. */
  public void add(TaskClassGenerator.Generated task) {
    TypeElement declaring = task.task().declaringType();
    ExecutableElement method = task.task().method();
    lines.add(
        TaskIndexFormat.line(
            elements.getBinaryName(declaring).toString(),
            method.getSimpleName().toString(),
            Methods.descriptor(method, elements, types),
            task.generatedClass().reflectionName(),
            task.field()));
    originating.add(declaring);
  }

  /** Writes the index if this compilation has any task. */
  public void write() throws IOException {
    if (lines.isEmpty()) {
      return;
    }
    FileObject resource =
        filer.createResource(
            StandardLocation.CLASS_OUTPUT,
            "",
            TaskIndexFormat.RESOURCE,
            originating.toArray(new Element[0]));
    try (Writer writer =
        new OutputStreamWriter(resource.openOutputStream(), StandardCharsets.UTF_8)) {
      writer.write(TaskIndexFormat.HEADER);
      writer.write('\n');
      for (String line : lines) {
        writer.write(line);
        writer.write('\n');
      }
    }
  }
}
