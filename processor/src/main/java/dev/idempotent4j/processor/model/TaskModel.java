package dev.idempotent4j.processor.model;

import com.palantir.javapoet.CodeBlock;
import java.time.Duration;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * One task that passed every check: all the generator needs, with nothing left to decide.
 *
 * <pre>{@code
 * TaskModel charge = validator.validate(method, mirror).task();   // null if it had errors
 * }</pre>
 *
 * @param method the annotated method
 * @param declaringType the class that declares it
 * @param name the task name (key namespace)
 * @param methodText the method as people read it: {@code com.acme.Payments.charge(Order)}
 * @param key the parsed key template
 * @param keyPaths one resolved path per placeholder, in template order
 * @param fingerprint the resolved fingerprint paths, empty if none
 * @param ttl the dedup window
 * @param lease the claim lease
 * @param waitTimeout how long a duplicate waits
 * @param maxRunTime how long one execution may hold its claim, {@code null} for the engine setting
 * @param onInProgress the {@code OnInProgress} constant name
 * @param cacheFailures exception types whose failures are final
 * @param returnKind the {@code ReturnKind} constant name
 * @param skipValue the Java expression a skipped call returns ({@code null}, {@code 0L}, ...)
 * @param codec the codec expression from the codec planner
 */
public record TaskModel(
    ExecutableElement method,
    TypeElement declaringType,
    String name,
    String methodText,
    KeyTemplate key,
    List<ResolvedPath> keyPaths,
    List<ResolvedPath> fingerprint,
    Duration ttl,
    Duration lease,
    Duration waitTimeout,
    Duration maxRunTime,
    String onInProgress,
    List<TypeMirror> cacheFailures,
    String returnKind,
    String skipValue,
    CodeBlock codec) {}
