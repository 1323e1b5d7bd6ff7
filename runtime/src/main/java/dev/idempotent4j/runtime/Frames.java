package dev.idempotent4j.runtime;

/**
 * One thread's bookkeeping behind {@link IdempotencyContext}: the stack of executions running on
 * the thread (innermost on top), and the last call that returned there. Thread locals work the same
 * on virtual threads, and nothing here blocks.
 *
 * <p>A call looks its thread's frames up once ({@link #onThisThread}) and then only writes plain
 * fields: a duplicate hit is the hot path, and each further thread-local lookup, let alone a {@code
 * ThreadLocal.remove()} and {@code set()}, costs a noticeable share of it.
 *
 * <pre>{@code
 * Frames frames = Frames.onThisThread();
 * frames.clearLastCall();
 * Frames.Frame frame = frames.push(context);   // the body runs
 * frame.leave();                               // popped, and now the thread's last call
 * }</pre>
 */
final class Frames {

  private static final ThreadLocal<Frames> THREAD = ThreadLocal.withInitial(Frames::new);

  private Frame running;
  private IdempotencyContext lastCall;

  private Frames() {}

  /** The frames of the calling thread. */
  static Frames onThisThread() {
    return THREAD.get();
  }

  /** The innermost execution running on this thread, or null. */
  public static IdempotencyContext current() {
    Frame top = THREAD.get().running;
    return top == null ? null : top.context;
  }

  /** The last call that returned on this thread, or null. */
  public static IdempotencyContext lastCall() {
    return THREAD.get().lastCall;
  }

  void setLastCall(IdempotencyContext context) {
    lastCall = context;
  }

  void clearLastCall() {
    lastCall = null;
  }

  /**
   * Whether any execution runs on this thread: only then can a call be reentrant, and only then is
   * its key text needed to tell ({@link #running(String)}).
   */
  boolean anyRunning() {
    return running != null;
  }

  /** Whether an execution of {@code key} runs on this thread, below the current call. */
  boolean running(String key) {
    for (Frame frame = running; frame != null; frame = frame.parent) {
      if (frame.context.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** Starts an execution of {@code context} on this thread, innermost from now on. */
  Frame push(IdempotencyContext context) {
    Frame frame = new Frame(this, context, running);
    running = frame;
    return frame;
  }

  /** An execution running on its thread, until it {@link #leave}s. */
  static final class Frame {
    private final Frames owner;
    final IdempotencyContext context;
    final Frame parent;

    private Frame(Frames owner, IdempotencyContext context, Frame parent) {
      this.owner = owner;
      this.context = context;
      this.parent = parent;
    }

    /**
     * Pops this frame and makes its execution the thread's last call. Woven code always exits on
     * the thread it entered on, innermost first; if that was ever violated, the frame is dropped
     * wherever it is rather than the stack corrupted.
     */
    void leave() {
      if (owner.running == this) {
        owner.running = parent;
      }
      owner.lastCall = context;
    }
  }
}
