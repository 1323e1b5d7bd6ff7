package dev.idempotent4j.agent;

import dev.idempotent4j.contract.AnnotationNames;
import java.nio.charset.StandardCharsets;

/**
 * A raw pre-filter over class files: does the constant pool mention {@code @IdempotentTask}? A
 * class that carries the annotation must contain its descriptor; most classes do not, and are
 * passed over without being parsed.
 *
 * <pre>{@code
 * if (ClassFileScan.mentionsIdempotentTask(classFile)) { ... parse and weave ... }
 * }</pre>
 */
final class ClassFileScan {

  private static final byte[] DESCRIPTOR =
      AnnotationNames.IDEMPOTENT_TASK_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);

  private ClassFileScan() {}

  /**
   * Whether {@code classFile} contains the descriptor {@code Ldev/idempotent4j/IdempotentTask;}.
   */
  static boolean mentionsIdempotentTask(byte[] classFile) {
    byte first = DESCRIPTOR[0];
    int last = classFile.length - DESCRIPTOR.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (classFile[i] != first) {
        continue;
      }
      for (int j = 1; j < DESCRIPTOR.length; j++) {
        if (classFile[i + j] != DESCRIPTOR[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
