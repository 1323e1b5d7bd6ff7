/**
 * The {@code idempotent4j-maven-plugin}: goals {@code weave} ({@code process-classes}) and {@code
 * weave-tests} ({@code process-test-classes}) run the agent's weaver ({@code
 * dev.idempotent4j.agent.BuildTimeWeaver}, one weaver for agent and build) over the compiled
 * classes, so that what the build packages deduplicates without {@code -javaagent}.
 *
 * <pre>{@code
 * mvn dev.idempotent4j:idempotent4j-maven-plugin:weave
 * }</pre>
 */
package dev.idempotent4j.maven;
