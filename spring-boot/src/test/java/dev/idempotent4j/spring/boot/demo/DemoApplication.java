package dev.idempotent4j.spring.boot.demo;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.codec.Codecs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application a new user writes: the starter, {@code idempotent4j.redis} in the properties, and
 * a task. Tests start it in their own JVM and as a second instance in a forked JVM, which prints
 * {@code DEMO-PORT=<port>} when its web server listens.
 */
@SpringBootApplication
public class DemoApplication {

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }

  @Bean
  Task charge() {
    return Idempotency.task("Demo.charge").codec(Codecs.string()).build();
  }

  @Bean
  ApplicationListener<WebServerInitializedEvent> printPort() {
    return event -> System.out.println("DEMO-PORT=" + event.getWebServer().getPort());
  }

  @RestController
  static class Orders {
    private final Task charge;
    private final String instance;

    Orders(Task charge, @Value("${demo.instance:first}") String instance) {
      this.charge = charge;
      this.instance = instance;
    }

    @PostMapping("/orders/{id}/charge")
    String charge(@PathVariable("id") String id) {
      return charge.run(id, () -> "receipt for " + id + " from " + instance);
    }
  }
}
