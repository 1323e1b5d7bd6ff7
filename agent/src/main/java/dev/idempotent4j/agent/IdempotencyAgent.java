package dev.idempotent4j.agent;

import java.lang.instrument.Instrumentation;

/** SKELETON: the agent work fills this in. */
public final class IdempotencyAgent {
  private IdempotencyAgent() {}

  public static void premain(String args, Instrumentation inst) {}

  public static void agentmain(String args, Instrumentation inst) {}
}
