package dev.idempotent4j.processor.check;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.idempotent4j.contract.AnnotationNames;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.diagnostic.Reporter;
import dev.idempotent4j.processor.lang.AnnotationMirrors;
import dev.idempotent4j.processor.lang.JavacTasks;
import dev.idempotent4j.processor.lang.Methods;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Reports {@code @IdempotentTask} on methods of local and anonymous classes. Annotation processing
 * never sees those classes (javac enters them only when it attributes method bodies), so the check
 * runs after analysis, on the attributed trees, through the public {@code com.sun.source} API.
 * Without it such a method would compile without a key deriver and fail only at run time.
 *
 * <pre>{@code
 * new Runnable() {
 *   @IdempotentTask(key = "job:{id}")   // error: [i4j-method-local-class] ...
 *   void charge(long id) {}
 *   public void run() {}
 * };
 * }</pre>
 */
public final class LocalClassTaskCheck implements TaskListener {

  private final Trees trees;
  private final Reporter reporter;

  private LocalClassTaskCheck(Trees trees, Reporter reporter) {
    this.trees = trees;
    this.reporter = reporter;
  }

  /** Hooks the check into this compilation when the compiler is javac; elsewhere it is off. */
  public static void install(ProcessingEnvironment env, Reporter reporter) {
    JavacTask task = JavacTasks.of(env);
    if (task == null) {
      // Not javac (e.g. Eclipse's compiler): local classes go unchecked at compile time, and
      // the agent still refuses to run a task method that has no generated deriver.
      return;
    }
    Trees trees = Trees.instance(task);
    task.addTaskListener(new LocalClassTaskCheck(trees, reporter.withTrees(trees)));
  }

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null) {
      return;
    }
    TreePath path = trees.getPath(event.getTypeElement());
    if (path == null) {
      return;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    try {
      scan(path, unit);
    } catch (RuntimeException e) {
      // A listener that throws would abort javac; report it on the class like the processor does.
      reporter.report(Diagnostic.Kind.ERROR, Problem.INTERNAL_ERROR, path.getLeaf(), unit, e);
    }
  }

  private void scan(TreePath path, CompilationUnitTree unit) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (element instanceof ExecutableElement method) {
          Optional<String> home =
              NameableClassCheck.unnameableHome((TypeElement) method.getEnclosingElement());
          AnnotationMirror mirror = AnnotationMirrors.find(method, AnnotationNames.IDEMPOTENT_TASK);
          if (home.isPresent() && mirror != null) {
            reporter.report(
                Diagnostic.Kind.ERROR,
                Problem.METHOD_LOCAL_CLASS,
                annotationTree(tree, mirror),
                unit,
                Methods.display(method),
                home.get());
          }
        }
        // Descend: a lambda or local class inside this method may declare tasks of its own.
        return super.visitMethod(tree, null);
      }
    }.scan(path, null);
  }

  private static com.sun.source.tree.Tree annotationTree(
      MethodTree method, AnnotationMirror mirror) {
    String simple = mirror.getAnnotationType().asElement().getSimpleName().toString();
    for (com.sun.source.tree.AnnotationTree annotation : method.getModifiers().getAnnotations()) {
      if (annotation.getAnnotationType().toString().endsWith(simple)) {
        return annotation;
      }
    }
    return method;
  }
}
