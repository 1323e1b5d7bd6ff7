package dev.idempotent4j.processor.sideeffect;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.diagnostic.Reporter;
import dev.idempotent4j.processor.lang.JavacTasks;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The unkeyed-side-effect check: a method that calls {@code @SideEffect} code must be a task, a
 * side effect itself, or {@code @AllowUnkeyed}. Reads attributed method bodies through the public
 * {@code com.sun.source} API after javac's analysis; users need no {@code --add-exports}.
 *
 * <pre>{@code
 * // in Processor.init:
 * new SideEffectChecker(processingEnv).install();
 * // options: -Aidempotent4j.sideEffects=error|warn|off
 * //          -Aidempotent4j.sideEffects.list=/abs/path/side-effects[,more]
 * //          -Aidempotent4j.sideEffects.libraries=jdbc,spring-web,kafka  (shipped lists)
 * }</pre>
 *
 * <p>The rule, the list format and every corner case are written down in {@code
 * docs/side-effects.md}.
 */
public final class SideEffectChecker {

  /** {@code error} (default), {@code warn} (adoption mode) or {@code off}. */
  public static final String MODE_OPTION = "idempotent4j.sideEffects";

  /** Comma-separated paths of extra third-party side-effect lists. */
  public static final String LIST_OPTION = "idempotent4j.sideEffects.list";

  /**
   * Comma-separated names of lists shipped in the processor jar ({@code jdbc}, {@code kafka}, ...):
   * {@link ShippedLists#NAMES}. None is on by default.
   */
  public static final String LIBRARIES_OPTION = "idempotent4j.sideEffects.libraries";

  /** The project's list, looked up on the source path, then the class path. */
  public static final String LIST_RESOURCE = "META-INF/idempotent4j/side-effects";

  private final ProcessingEnvironment env;

  /**
   * A checker for one compilation.
   *
   * @param env the processor's environment; options and the messager are read from it
   */
  public SideEffectChecker(ProcessingEnvironment env) {
    this.env = env;
  }

  /** The processor options this check reads ({@code -A...}); the processor declares them. */
  public static Set<String> supportedOptions() {
    return Set.of(MODE_OPTION, LIST_OPTION, LIBRARIES_OPTION);
  }

  /**
   * Hooks the check into this compilation, if the compiler is javac. Reports a bad option or list
   * as an error, a compiler without javac's tree API as one note; never throws.
   */
  public void install() {
    Reporter reporter = new Reporter(env.getMessager());
    String modeText = env.getOptions().getOrDefault(MODE_OPTION, "error");
    Mode mode = Mode.parse(modeText);
    if (mode == null) {
      reporter.report(Diagnostic.Kind.ERROR, Problem.SIDE_EFFECT_MODE_UNKNOWN, modeText);
      return;
    }
    if (mode == Mode.OFF) {
      return;
    }
    JavacTask task = JavacTasks.of(env);
    if (task == null) {
      reporter.report(
          Diagnostic.Kind.NOTE, Problem.SIDE_EFFECT_CHECK_SKIPPED, env.getClass().getName());
      return;
    }
    Trees trees = Trees.instance(task);
    Reporter treeReporter = reporter.withTrees(trees);
    List<Runnable> listErrors = new ArrayList<>();
    SideEffectList list = loadList(reporter, listErrors);
    SideEffects sideEffects = new SideEffects(task.getElements(), task.getTypes(), list);
    AnalysisListener listener =
        new AnalysisListener(
            trees,
            treeReporter,
            () -> new UnkeyedCallScanner(trees, treeReporter, sideEffects, mode.kind),
            mode.kind);
    for (Runnable error : listErrors) {
      error.run();
      listener.reportedEarly();
    }
    task.addTaskListener(listener);
  }

  /**
   * The lists in effect: the shipped lists named by {@link #LIBRARIES_OPTION}, the project's
   * resource, then every file named by {@link #LIST_OPTION}.
   */
  private SideEffectList loadList(Reporter reporter, List<Runnable> errors) {
    SideEffectList list = addShipped(SideEffectList.empty(), reporter, errors);
    FileObject resource = findResource();
    if (resource != null) {
      try {
        list =
            add(list, resource.toUri().toString(), resource.getCharContent(true), reporter, errors);
      } catch (IOException e) {
        errors.add(
            () ->
                reporter.report(
                    Diagnostic.Kind.ERROR,
                    Problem.SIDE_EFFECT_LIST_UNREADABLE,
                    resource.toUri(),
                    e));
      }
    }
    String paths = env.getOptions().get(LIST_OPTION);
    if (paths == null) {
      return list;
    }
    for (String path : paths.split(",", -1)) {
      if (path.isBlank()) {
        continue;
      }
      try {
        Path file = Path.of(path.strip());
        list =
            add(
                list,
                file.toString(),
                Files.readString(file, StandardCharsets.UTF_8),
                reporter,
                errors);
      } catch (IOException | InvalidPathException e) {
        String named = path.strip();
        errors.add(
            () ->
                reporter.report(
                    Diagnostic.Kind.ERROR, Problem.SIDE_EFFECT_LIST_UNREADABLE, named, e));
      }
    }
    return list;
  }

  /**
   * Adds each shipped list the option names, once each. An unknown name is an error naming the
   * known ones; the names that are known still count.
   */
  private SideEffectList addShipped(SideEffectList list, Reporter reporter, List<Runnable> errors) {
    String names = env.getOptions().get(LIBRARIES_OPTION);
    if (names == null) {
      return list;
    }
    Set<String> added = new LinkedHashSet<>();
    for (String part : names.split(",", -1)) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty() || !added.add(name)) {
        continue;
      }
      if (!ShippedLists.isKnown(name)) {
        String named = part.strip();
        errors.add(
            () ->
                reporter.report(
                    Diagnostic.Kind.ERROR,
                    Problem.SIDE_EFFECT_LIBRARY_UNKNOWN,
                    named,
                    String.join(", ", ShippedLists.NAMES)));
        continue;
      }
      String text;
      try {
        text = ShippedLists.text(name);
      } catch (UncheckedIOException brokenJar) {
        String source = ShippedLists.source(name);
        errors.add(
            () ->
                reporter.report(
                    Diagnostic.Kind.ERROR,
                    Problem.SIDE_EFFECT_LIST_UNREADABLE,
                    source,
                    brokenJar.getCause()));
        continue;
      }
      list = add(list, ShippedLists.source(name), text, reporter, errors);
    }
    return list;
  }

  private static SideEffectList add(
      SideEffectList list,
      String source,
      CharSequence text,
      Reporter reporter,
      List<Runnable> errors) {
    SideEffectList.Parsed parsed = SideEffectList.parse(source, text.toString());
    for (SideEffectList.SyntaxError error : parsed.errors()) {
      errors.add(
          () ->
              reporter.report(
                  Diagnostic.Kind.ERROR,
                  Problem.SIDE_EFFECT_LIST_SYNTAX,
                  error.source(),
                  error.line(),
                  error.entry(),
                  error.problem()));
    }
    return list.with(parsed.entries());
  }

  /**
   * The project's list file: the source path first (a list kept beside the code), else the class
   * path (Maven copies {@code src/main/resources} to the output directory before compiling, and
   * that directory is on the class path). The first one found is the one used.
   */
  private FileObject findResource() {
    for (StandardLocation location :
        List.of(StandardLocation.SOURCE_PATH, StandardLocation.CLASS_PATH)) {
      try {
        FileObject file = env.getFiler().getResource(location, "", LIST_RESOURCE);
        file.getCharContent(true); // getResource may hand out a file that does not exist
        return file;
      } catch (FileNotFoundException | IllegalArgumentException | IllegalStateException missing) {
        // a location the compiler does not have, or no list there
      } catch (IOException missing) {
        // e.g. NoSuchFileException from a lazily opened file
      }
    }
    return null;
  }

  /** What the check does with an unkeyed side effect. */
  enum Mode {
    ERROR(Diagnostic.Kind.ERROR),
    WARN(Diagnostic.Kind.WARNING),
    OFF(null);

    final Diagnostic.Kind kind;

    Mode(Diagnostic.Kind kind) {
      this.kind = kind;
    }

    static Mode parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "error" -> ERROR;
        case "warn", "warning" -> WARN;
        case "off" -> OFF;
        default -> null;
      };
    }
  }
}
