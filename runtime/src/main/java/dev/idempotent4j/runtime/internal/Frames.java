package dev.idempotent4j.runtime.internal;

import dev.idempotent4j.runtime.IdempotencyContext;

/**
 * Per-thread bookkeeping behind {@link IdempotencyContext}: the stack of executions running on
 * this thread (innermost on top), and the last call that returned here. Thread locals work the
 * same on virtual threads, and nothing here blocks.
 */
public final class Frames {

  private static final ThreadLocal<Frame> RUNNING = new ThreadLocal<>();
  private static final ThreadLocal<IdempotencyContext> LAST_CALL = new ThreadLocal<>();

  private Frames() {}

  /** The innermost execution running on this thread, or null. */
  public static IdempotencyContext current() {
    Frame top = RUNNING.get();
    return top == null ? null : top.context;
  }

  /** The last call that returned on this thread, or null. */
  public static IdempotencyContext lastCall() {
    return LAST_CALL.get();
  }

  static void setLastCall(IdempotencyContext context) {
    LAST_CALL.set(context);
  }

  static void clearLastCall() {
    LAST_CALL.remove();
  }

  /** Whether an execution of {@code key} runs on this thread, below the current call. */
  static boolean running(String key) {
    for (Frame frame = RUNNING.get(); frame != null; frame = frame.parent) {
      if (frame.context.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  static Frame push(IdempotencyContext context) {
    Frame frame = new Frame(context, RUNNING.get());
    RUNNING.set(frame);
    return frame;
  }

  /**
   * Pops {@code frame}. Woven code always exits on the thread it entered on, innermost first; if
   * that was ever violated, drop the frame wherever it is rather than corrupt the stack.
   */
  static void pop(Frame frame) {
    Frame top = RUNNING.get();
    if (top == frame) {
      if (frame.parent == null) {
        RUNNING.remove();
      } else {
        RUNNING.set(frame.parent);
      }
    }
  }

  static final class Frame {
    final IdempotencyContext context;
    final Frame parent;

    Frame(IdempotencyContext context, Frame parent) {
      this.context = context;
      this.parent = parent;
    }
  }
}
