package dev.idempotent4j.runtime.internal;

import dev.idempotent4j.runtime.IdempotencyContext;

/**
 * Per-thread bookkeeping behind {@link IdempotencyContext}: the stack of executions running on
 * this thread (innermost on top), and the last call that returned here. Thread locals work the
 * same on virtual threads, and nothing here blocks.
 */
public final class Frames {

  /**
   * One holder per thread, so that a call costs one thread-local lookup and plain field writes
   * (a {@code ThreadLocal.remove()} and {@code set()} per duplicate hit cost more than the hit).
   */
  private static final ThreadLocal<CallState> STATE = ThreadLocal.withInitial(CallState::new);

  private Frames() {}

  /** The innermost execution running on this thread, or null. */
  public static IdempotencyContext current() {
    Frame top = STATE.get().running;
    return top == null ? null : top.context;
  }

  /** The last call that returned on this thread, or null. */
  public static IdempotencyContext lastCall() {
    return STATE.get().lastCall;
  }

  static void setLastCall(IdempotencyContext context) {
    STATE.get().lastCall = context;
  }

  static void clearLastCall() {
    STATE.get().lastCall = null;
  }

  /** Whether an execution of {@code key} runs on this thread, below the current call. */
  static boolean running(String key) {
    for (Frame frame = STATE.get().running; frame != null; frame = frame.parent) {
      if (frame.context.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  static Frame push(IdempotencyContext context) {
    CallState state = STATE.get();
    Frame frame = new Frame(context, state.running);
    state.running = frame;
    return frame;
  }

  /**
   * Pops {@code frame}. Woven code always exits on the thread it entered on, innermost first; if
   * that was ever violated, drop the frame wherever it is rather than corrupt the stack.
   */
  static void pop(Frame frame) {
    CallState state = STATE.get();
    if (state.running == frame) {
      state.running = frame.parent;
    }
  }

  private static final class CallState {
    Frame running;
    IdempotencyContext lastCall;
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
