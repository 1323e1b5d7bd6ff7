package dev.idempotent4j.processor.sideeffect;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.diagnostic.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Runs the scanner on each class once javac has analysed it, and prints the findings only when
 * javac itself found no errors, so that the check never piles onto a broken build.
 *
 * <pre>{@code
 * javacTask.addTaskListener(
 *     new AnalysisListener(reporter, () -> new UnkeyedCallScanner(...), Diagnostic.Kind.ERROR));
 * }</pre>
 *
 * <p>javac fires {@code ANALYZE} for every class, even after errors, but only generates classes
 * while it has seen no error. The public API offers no error count, so findings wait for the next
 * {@code GENERATE}: reaching it proves that no error was reported up to now, and every waiting
 * finding comes from a class analysed before it. Once the check has printed findings of its own
 * (which may stop generation), it prints later classes' findings at once, unless the class holds
 * code javac could not attribute.
 */
final class AnalysisListener implements TaskListener {

  private final Trees trees;
  private final Reporter reporter;
  private final Supplier<UnkeyedCallScanner> scanners;
  private final Diagnostic.Kind kind;
  private final List<Runnable> waiting = new ArrayList<>();
  private boolean printedAny;

  AnalysisListener(
      Trees trees, Reporter reporter, Supplier<UnkeyedCallScanner> scanners, Diagnostic.Kind kind) {
    this.trees = trees;
    this.reporter = reporter;
    this.scanners = scanners;
    this.kind = kind;
  }

  /** Marks that the check reported an error before any class was analysed (a bad list). */
  void reportedEarly() {
    printedAny = true;
  }

  @Override
  public void started(TaskEvent event) {
    if (event.getKind() == TaskEvent.Kind.GENERATE) {
      printWaiting();
    }
  }

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() == TaskEvent.Kind.ANALYZE) {
      analyze(event.getCompilationUnit(), event.getTypeElement());
    } else if (event.getKind() == TaskEvent.Kind.COMPILATION) {
      if (printedAny) {
        printWaiting();
      }
      waiting.clear(); // javac stopped on its own errors: stay silent
    }
  }

  private void analyze(CompilationUnitTree unit, TypeElement type) {
    if (unit == null || type == null) {
      return;
    }
    for (Tree declaration : unit.getTypeDecls()) {
      // ANALYZE names a top-level class (or package-info / module-info, which have no body);
      // its nested, local and anonymous classes are scanned as part of it.
      if (declaration instanceof ClassTree) {
        TreePath path = new TreePath(new TreePath(unit), declaration);
        if (type.equals(trees.getElement(path))) {
          scan(path);
          return;
        }
      }
    }
  }

  private void scan(TreePath classPath) {
    UnkeyedCallScanner scanner = scanners.get();
    try {
      scanner.scan(classPath, null);
    } catch (RuntimeException bug) {
      // A bug in the check must not crash javac with a stack trace: report it on the class.
      waiting.add(
          () ->
              reporter.report(
                  kind,
                  Problem.INTERNAL_ERROR,
                  classPath.getLeaf(),
                  classPath.getCompilationUnit(),
                  "unkeyed-side-effect check: " + bug));
      return;
    }
    if (scanner.sawBrokenCode() || scanner.findings().isEmpty()) {
      return;
    }
    waiting.addAll(scanner.findings());
    if (printedAny) {
      printWaiting();
    }
  }

  private void printWaiting() {
    if (waiting.isEmpty()) {
      return;
    }
    printedAny = true;
    List<Runnable> now = new ArrayList<>(waiting);
    waiting.clear();
    now.forEach(Runnable::run);
  }
}
