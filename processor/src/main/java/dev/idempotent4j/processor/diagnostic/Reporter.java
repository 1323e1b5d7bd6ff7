package dev.idempotent4j.processor.diagnostic;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The one way the processor reports: every diagnostic is a {@link Problem} with its arguments,
 * printed on the most precise location there is, so that IDEs underline the exact spot. Checks of
 * annotations report on the element, its {@link AnnotationMirror} and the {@link AnnotationValue};
 * checks of method bodies, which run on javac's trees after analysis, report on the tree.
 *
 * <pre>{@code
 * reporter.error(Problem.KEY_UNKNOWN_PARAMETER, method, mirror, keyValue, "charge:{ordr.id}",
 *     "'ordr' is not a parameter of charge(order). Did you mean 'order'?");
 * // error: [i4j-key-unknown-param] key "charge:{ordr.id}": 'ordr' is not a parameter of
 * // charge(order). Did you mean 'order'?
 * }</pre>
 */
public final class Reporter {

  private final Messager messager;
  private final Trees trees;

  /** A reporter on {@code messager}, for diagnostics on elements and on no element. */
  public Reporter(Messager messager) {
    this(messager, null);
  }

  private Reporter(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** This reporter, able to report on the trees of {@code trees} too. */
  public Reporter withTrees(Trees trees) {
    return new Reporter(messager, trees);
  }

  /**
   * Reports an error on {@code element}, narrowed to {@code annotation} and its {@code value} where
   * they are not {@code null}.
   */
  public void error(
      Problem problem,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    report(Diagnostic.Kind.ERROR, problem, element, annotation, value, args);
  }

  /** Reports with the given kind (errors, or warnings in adoption mode) on the element. */
  public void report(
      Diagnostic.Kind kind,
      Problem problem,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    String message = problem.format(args);
    if (value != null && annotation != null) {
      messager.printMessage(kind, message, element, annotation, value);
    } else if (annotation != null) {
      messager.printMessage(kind, message, element, annotation);
    } else {
      messager.printMessage(kind, message, element);
    }
  }

  /** Reports a problem that has no place in the code: an option, a list file, the index. */
  public void report(Diagnostic.Kind kind, Problem problem, Object... args) {
    messager.printMessage(kind, problem.format(args));
  }

  /**
   * Reports on a tree of {@code unit}, for checks that read method bodies.
   *
   * @throws IllegalStateException if this reporter was not made {@link #withTrees}
   */
  public void report(
      Diagnostic.Kind kind, Problem problem, Tree tree, CompilationUnitTree unit, Object... args) {
    if (trees == null) {
      throw new IllegalStateException("a reporter without trees cannot report on " + tree);
    }
    trees.printMessage(kind, problem.format(args), tree, unit);
  }
}
