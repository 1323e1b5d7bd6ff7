package dev.idempotent4j.processor.check;

import com.palantir.javapoet.CodeBlock;
import dev.idempotent4j.processor.lang.Methods;
import dev.idempotent4j.processor.model.KeyTemplate;
import dev.idempotent4j.processor.model.ResolvedPath;
import dev.idempotent4j.processor.model.TaskModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.type.TypeMirror;

/**
 * What the checks found out about one task, filled in check by check; becomes the immutable {@link
 * TaskModel} only when no check reported an error. Each field is set by one check.
 */
final class TaskDraft {

  String name; // NameCheck
  Duration ttl; // DurationCheck
  Duration lease;
  Duration waitTimeout;
  Duration maxRunTime; // null: the engine setting
  KeyTemplate key; // KeyCheck
  final List<ResolvedPath> keyPaths = new ArrayList<>();
  final List<ResolvedPath> fingerprint = new ArrayList<>(); // FingerprintCheck
  final List<TypeMirror> cacheFailures = new ArrayList<>(); // CacheFailuresCheck
  String returnKind; // ReturnTypeCheck
  String skipValue;
  CodeBlock codec;

  /** The clean task: call only when no check reported an error. */
  TaskModel build(CheckedTask task) {
    return new TaskModel(
        task.method(),
        task.declaringType(),
        name,
        Methods.qualified(task.method()),
        key,
        List.copyOf(keyPaths),
        List.copyOf(fingerprint),
        ttl,
        lease,
        waitTimeout,
        maxRunTime,
        task.annotation().onInProgress(),
        List.copyOf(cacheFailures),
        returnKind,
        skipValue,
        codec);
  }
}
