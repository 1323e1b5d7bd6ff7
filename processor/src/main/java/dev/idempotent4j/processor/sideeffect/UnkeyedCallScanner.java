package dev.idempotent4j.processor.sideeffect;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ErroneousTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.idempotent4j.contract.AnnotationNames;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.diagnostic.Reporter;
import dev.idempotent4j.processor.lang.AnnotationMirrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Scans one attributed top-level class for calls to side effects from code that is neither keyed, a
 * side effect itself, nor sanctioned; and for blank {@code @AllowUnkeyed} reasons. Collects the
 * diagnostics instead of printing them, so that the caller can stay silent when javac reported
 * errors of its own.
 *
 * <pre>{@code
 * UnkeyedCallScanner scanner = new UnkeyedCallScanner(trees, reporter, sideEffects, kind);
 * scanner.scan(classPath, null);
 * if (!scanner.sawBrokenCode()) scanner.findings().forEach(Runnable::run);
 * }</pre>
 *
 * <p>The scanner descends everywhere javac attributed code: method and constructor bodies
 * (including javac's implicit {@code super()} calls and the constructors it adds to anonymous
 * classes), lambdas, anonymous and local classes, field initializers and initializer blocks. What
 * decides a call is the code around it, walked outwards from the call (see {@link #callerOf}).
 */
final class UnkeyedCallScanner extends TreePathScanner<Void, Void> {

  private final Trees trees;
  private final Reporter reporter;
  private final SideEffects sideEffects;
  private final Diagnostic.Kind kind;
  private final List<Runnable> findings = new ArrayList<>();
  private boolean broken;

  UnkeyedCallScanner(
      Trees trees, Reporter reporter, SideEffects sideEffects, Diagnostic.Kind kind) {
    this.trees = trees;
    this.reporter = reporter;
    this.sideEffects = sideEffects;
    this.kind = kind;
  }

  /** The diagnostics found, each ready to print. */
  List<Runnable> findings() {
    return findings;
  }

  /**
   * Whether the class holds code javac could not attribute: javac has reported it, and our findings
   * there would only pile on.
   */
  boolean sawBrokenCode() {
    return broken;
  }

  @Override
  public Void visitClass(ClassTree tree, Void unused) {
    checkReason(trees.getElement(getCurrentPath()), tree.getModifiers());
    return super.visitClass(tree, null);
  }

  @Override
  public Void visitMethod(MethodTree tree, Void unused) {
    checkReason(trees.getElement(getCurrentPath()), tree.getModifiers());
    return super.visitMethod(tree, null);
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
    checkCall(tree);
    // Descend: arguments and the receiver may hold further calls and lambdas.
    return super.visitMethodInvocation(tree, null);
  }

  @Override
  public Void visitNewClass(NewClassTree tree, Void unused) {
    // For an anonymous class this is javac's generated constructor, never annotated; the super
    // constructor it calls is checked when the scan descends into the class body below.
    checkCall(tree);
    return super.visitNewClass(tree, null);
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
    // mailer::send and Gateway::new: the reference is written here, so the call counts here.
    checkCall(tree);
    return super.visitMemberReference(tree, null);
  }

  @Override
  public Void visitErroneous(ErroneousTree tree, Void unused) {
    broken = true;
    return null; // Stop: nothing under an erroneous tree is attributed.
  }

  private void checkCall(Tree call) {
    TreePath path = getCurrentPath();
    Element element = trees.getElement(path);
    TypeMirror type = trees.getTypeMirror(path);
    boolean erroneous = type != null && type.getKind() == TypeKind.ERROR;
    if (erroneous || !(element instanceof ExecutableElement callee)) {
      // Only javac's own error marks the class broken; an odd but valid node is just skipped.
      broken |= erroneous;
      return;
    }
    Optional<String> reason = sideEffects.reason(callee, receiverOf(call, path));
    if (reason.isEmpty()) {
      return;
    }
    Caller caller = callerOf(path);
    if (caller == null) {
      return;
    }
    Object[] args = {
      caller.description, SideEffects.describe(callee), reason.get(), caller.fixTarget
    };
    var unit = path.getCompilationUnit();
    findings.add(() -> reporter.report(kind, caller.problem, call, unit, args));
  }

  /**
   * The static type of the receiver of {@code call} ({@code statement} in {@code
   * statement.executeUpdate()}, {@code sender} in {@code sender::send}), or null when there is none
   * written or it is not a class or interface (a type variable, an array).
   */
  private TypeElement receiverOf(Tree call, TreePath path) {
    TreePath qualifier = null;
    if (call instanceof MethodInvocationTree invocation) {
      ExpressionTree select = invocation.getMethodSelect();
      if (select instanceof MemberSelectTree member) {
        qualifier = new TreePath(new TreePath(path, select), member.getExpression());
      }
    } else if (call instanceof MemberReferenceTree reference) {
      qualifier = new TreePath(path, reference.getQualifierExpression());
    }
    if (qualifier == null) {
      return null;
    }
    TypeMirror type = trees.getTypeMirror(qualifier);
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    return (TypeElement) ((DeclaredType) type).asElement();
  }

  /**
   * The code that answers for a call at {@code path}, or null when the call is sanctioned.
   *
   * <p>Walks outwards from the call. Lambdas are transparent. A method or constructor on the way
   * sanctions the call when it is an {@code @IdempotentTask}, {@code @AllowUnkeyed} or a side
   * effect itself; a class on the way sanctions it when it is {@code @AllowUnkeyed}. Methods of
   * anonymous and local classes do not stop the walk: the method that encloses the class answers
   * too, so a task's callbacks are covered by the task. The caller named in the diagnostic is the
   * outermost code on the way: the member of a named class the user can annotate.
   */
  private Caller callerOf(TreePath path) {
    Caller caller = null;
    for (TreePath at = path; at != null; at = at.getParentPath()) {
      Tree leaf = at.getLeaf();
      Tree parent = at.getParentPath() == null ? null : at.getParentPath().getLeaf();
      if (leaf instanceof MethodTree) {
        Element element = trees.getElement(at);
        if (!(element instanceof ExecutableElement executable)) {
          return null;
        }
        if (sanctions(executable)) {
          return null;
        }
        caller = Caller.of(executable);
      } else if (leaf instanceof ClassTree) {
        Element type = trees.getElement(at);
        if (type == null || AnnotationMirrors.find(type, AnnotationNames.ALLOW_UNKEYED) != null) {
          return null;
        }
        if (caller != null && caller.initializerOf != null) {
          caller = caller.in((TypeElement) type); // a method's description names its class
        }
      } else if (leaf instanceof VariableTree && parent instanceof ClassTree) {
        caller = Caller.fieldInitializer(trees.getElement(at));
      } else if (leaf instanceof BlockTree blockTree && parent instanceof ClassTree) {
        caller = Caller.initializerBlock(blockTree.isStatic());
      }
    }
    return caller;
  }

  private boolean sanctions(ExecutableElement executable) {
    return AnnotationMirrors.find(executable, AnnotationNames.IDEMPOTENT_TASK) != null
        || AnnotationMirrors.find(executable, AnnotationNames.ALLOW_UNKEYED) != null
        || sideEffects.reason(executable).isPresent();
  }

  /**
   * A blank {@code @AllowUnkeyed} reason is an error in every mode, reported on the annotation. It
   * still sanctions the code, so that the user sees one error with one fix.
   */
  private void checkReason(Element element, ModifiersTree modifiers) {
    if (element == null) {
      return;
    }
    AnnotationMirror allow = AnnotationMirrors.find(element, AnnotationNames.ALLOW_UNKEYED);
    if (allow == null) {
      return;
    }
    AnnotationValue value = SideEffects.reasonValue(allow);
    if (value != null
        && value.getValue() instanceof String
        && !((String) value.getValue()).isBlank()) {
      return;
    }
    String description =
        element instanceof ExecutableElement executableElement
            ? SideEffects.describe(executableElement)
            : SideEffects.simpleName((TypeElement) element);
    Tree at = annotationTree(modifiers, AnnotationNames.ALLOW_UNKEYED);
    var unit = getCurrentPath().getCompilationUnit();
    findings.add(
        () ->
            reporter.report(
                Diagnostic.Kind.ERROR, Problem.ALLOW_UNKEYED_BLANK_REASON, at, unit, description));
  }

  /** The annotation of type {@code qualifiedName} among {@code modifiers}, else the modifiers. */
  private Tree annotationTree(ModifiersTree modifiers, String qualifiedName) {
    TreePath modifiersPath = new TreePath(getCurrentPath(), modifiers);
    for (AnnotationTree annotation : modifiers.getAnnotations()) {
      TreePath typePath =
          new TreePath(new TreePath(modifiersPath, annotation), annotation.getAnnotationType());
      TypeMirror type = trees.getTypeMirror(typePath);
      if (type instanceof DeclaredType declaredType
          && ((TypeElement) declaredType.asElement())
              .getQualifiedName()
              .contentEquals(qualifiedName)) {
        return annotation;
      }
    }
    return modifiers;
  }

  /** The code a diagnostic blames, and which of the three messages fits it. */
  private static final class Caller {
    final Problem problem;
    final String description;
    final String fixTarget;
    final String initializerOf;

    private Caller(Problem problem, String description, String fixTarget, String initializerOf) {
      this.problem = problem;
      this.description = description;
      this.fixTarget = fixTarget;
      this.initializerOf = initializerOf;
    }

    static Caller of(ExecutableElement executable) {
      if (executable.getKind() == ElementKind.CONSTRUCTOR) {
        return new Caller(
            Problem.UNKEYED_SIDE_EFFECT_IN_CONSTRUCTOR, SideEffects.describe(executable), "", null);
      }
      return new Caller(
          Problem.UNKEYED_SIDE_EFFECT,
          SideEffects.describe(executable),
          executable.getSimpleName().toString(),
          null);
    }

    static Caller fieldInitializer(Element field) {
      String name = field == null ? "?" : field.getSimpleName().toString();
      return new Caller(
          Problem.UNKEYED_SIDE_EFFECT_IN_INITIALIZER, "", "", "the initializer of field " + name);
    }

    static Caller initializerBlock(boolean isStatic) {
      return new Caller(
          Problem.UNKEYED_SIDE_EFFECT_IN_INITIALIZER,
          "",
          "",
          isStatic ? "the static initializer" : "an instance initializer block");
    }

    /** An initializer, now that its class is known: "the initializer of field x of Shop". */
    Caller in(TypeElement type) {
      String typeName = SideEffects.simpleName(type);
      return new Caller(problem, initializerOf + " of " + typeName, typeName, null);
    }
  }
}
