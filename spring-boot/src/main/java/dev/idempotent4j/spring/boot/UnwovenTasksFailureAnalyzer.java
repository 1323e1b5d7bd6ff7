package dev.idempotent4j.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link UnwovenTasksException} into Spring Boot's "APPLICATION FAILED TO START" report:
 * the methods that are not woven as the description, and exactly what to add as the action.
 *
 * <pre>
 * Description:
 * idempotent4j: 1 @IdempotentTask method(s) are not woven and would run without deduplication, as
 * often as they are called: com.acme.Payments.charge.
 *
 * Action:
 * Weave them in one of these ways: ...
 * </pre>
 */
public class UnwovenTasksFailureAnalyzer extends AbstractFailureAnalyzer<UnwovenTasksException> {

  static final String ACTION =
      """
      Weave them in one of these ways:
        1. Start the JVM with the agent: java -javaagent:idempotent4j-agent.jar -jar app.jar
        2. Or weave at build time: add the idempotent4j-maven-plugin's weave goal to the pom
             <plugin>
               <groupId>dev.idempotent4j</groupId>
               <artifactId>idempotent4j-maven-plugin</artifactId>
               <executions><execution><goals><goal>weave</goal></goals></execution></executions>
             </plugin>
           (other builds: java -cp idempotent4j-agent.jar \
      dev.idempotent4j.agent.BuildTimeWeaver <classes directory>)
        3. Or attach the agent in main, before SpringApplication.run: \
      dev.idempotent4j.agent.IdempotencyAgent.install();
      To start anyway and only log this, set idempotent4j.weaving-check=warn.""";

  @Override
  protected FailureAnalysis analyze(Throwable root, UnwovenTasksException cause) {
    return new FailureAnalysis(cause.getMessage(), ACTION, cause);
  }
}
