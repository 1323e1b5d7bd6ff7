package dev.idempotent4j.spring.boot.unwoven;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with the starter and nothing else; its tasks come from the class path. */
@SpringBootApplication
public class UnwovenApplication {}
