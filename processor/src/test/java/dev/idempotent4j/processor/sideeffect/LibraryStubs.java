package dev.idempotent4j.processor.sideeffect;

import dev.idempotent4j.processor.TaskCompiler;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Stand-ins for the library types the shipped side-effect lists name, with the real packages, type
 * names, supertypes and method names, so that the tests need no Spring, Kafka, AWS or HikariCP
 * jars. Only the shape matters to the check: it matches qualified names.
 */
final class LibraryStubs {

  /** A pool's proxy: the check must see through it to {@code java.sql.Statement}. */
  static final List<JavaFileObject> HIKARI =
      List.of(
          TaskCompiler.source(
              "com.zaxxer.hikari.pool.HikariProxyPreparedStatement",
              """
              package com.zaxxer.hikari.pool;

              import java.sql.PreparedStatement;
              import java.sql.SQLException;

              public abstract class HikariProxyPreparedStatement implements PreparedStatement {
                @Override
                public int executeUpdate() throws SQLException {
                  return 1;
                }
              }
              """));

  static final List<JavaFileObject> SPRING_WEB =
      List.of(
          TaskCompiler.source(
              "org.springframework.http.HttpMethod",
              """
              package org.springframework.http;

              public enum HttpMethod { GET, POST, PUT, PATCH, DELETE }
              """),
          TaskCompiler.source(
              "org.springframework.web.client.RestOperations",
              """
              package org.springframework.web.client;

              import org.springframework.http.HttpMethod;

              public interface RestOperations {
                <T> T getForObject(String url, Class<T> type);

                <T> T postForObject(String url, Object request, Class<T> type);

                void put(String url, Object request);

                void delete(String url);

                <T> T exchange(String url, HttpMethod method, Object request, Class<T> type);
              }
              """),
          TaskCompiler.source(
              "org.springframework.web.client.RestTemplate",
              """
              package org.springframework.web.client;

              import org.springframework.http.HttpMethod;

              public class RestTemplate implements RestOperations {
                @Override
                public <T> T getForObject(String url, Class<T> type) {
                  return null;
                }

                @Override
                public <T> T postForObject(String url, Object request, Class<T> type) {
                  return null;
                }

                @Override
                public void put(String url, Object request) {}

                @Override
                public void delete(String url) {}

                @Override
                public <T> T exchange(
                    String url, HttpMethod method, Object request, Class<T> type) {
                  return null;
                }
              }
              """),
          TaskCompiler.source(
              "org.springframework.web.client.RestClient",
              """
              package org.springframework.web.client;

              public interface RestClient {
                Spec get();

                Spec post();

                Spec delete();

                interface Spec {
                  Spec uri(String uri);

                  String retrieve();
                }
              }
              """));

  static final List<JavaFileObject> SPRING_MAIL =
      List.of(
          TaskCompiler.source(
              "org.springframework.mail.SimpleMailMessage",
              """
              package org.springframework.mail;

              public class SimpleMailMessage {}
              """),
          TaskCompiler.source(
              "org.springframework.mail.MailSender",
              """
              package org.springframework.mail;

              public interface MailSender {
                void send(SimpleMailMessage message);
              }
              """),
          TaskCompiler.source(
              "org.springframework.mail.javamail.JavaMailSender",
              """
              package org.springframework.mail.javamail;

              import org.springframework.mail.MailSender;

              public interface JavaMailSender extends MailSender {
                Object createMimeMessage();

                void send(Object mimeMessage);
              }
              """));

  static final List<JavaFileObject> JAKARTA_MAIL =
      List.of(
          TaskCompiler.source(
              "jakarta.mail.Message",
              """
              package jakarta.mail;

              public class Message {}
              """),
          TaskCompiler.source(
              "jakarta.mail.Transport",
              """
              package jakarta.mail;

              public abstract class Transport {
                public static void send(Message message) {}

                public abstract void sendMessage(Message message, Object[] addresses);

                public boolean isConnected() {
                  return false;
                }
              }
              """));

  static final List<JavaFileObject> KAFKA =
      List.of(
          TaskCompiler.source(
              "org.apache.kafka.clients.producer.ProducerRecord",
              """
              package org.apache.kafka.clients.producer;

              public class ProducerRecord<K, V> {
                public ProducerRecord(String topic, K key, V value) {}
              }
              """),
          TaskCompiler.source(
              "org.apache.kafka.clients.producer.Producer",
              """
              package org.apache.kafka.clients.producer;

              import java.util.List;

              public interface Producer<K, V> {
                Object send(ProducerRecord<K, V> record);

                List<Object> partitionsFor(String topic);
              }
              """),
          TaskCompiler.source(
              "org.apache.kafka.clients.producer.KafkaProducer",
              """
              package org.apache.kafka.clients.producer;

              import java.util.List;

              public class KafkaProducer<K, V> implements Producer<K, V> {
                @Override
                public Object send(ProducerRecord<K, V> record) {
                  return null;
                }

                @Override
                public List<Object> partitionsFor(String topic) {
                  return List.of();
                }
              }
              """),
          TaskCompiler.source(
              "org.springframework.kafka.core.KafkaOperations",
              """
              package org.springframework.kafka.core;

              public interface KafkaOperations<K, V> {
                Object send(String topic, K key, V value);

                Object sendDefault(K key, V value);

                void flush();
              }
              """),
          TaskCompiler.source(
              "org.springframework.kafka.core.KafkaTemplate",
              """
              package org.springframework.kafka.core;

              public class KafkaTemplate<K, V> implements KafkaOperations<K, V> {
                @Override
                public Object send(String topic, K key, V value) {
                  return null;
                }

                @Override
                public Object sendDefault(K key, V value) {
                  return null;
                }

                @Override
                public void flush() {}
              }
              """));

  static final List<JavaFileObject> AWS_SDK =
      List.of(
          TaskCompiler.source(
              "software.amazon.awssdk.core.SdkClient",
              """
              package software.amazon.awssdk.core;

              public interface SdkClient extends AutoCloseable {
                String serviceName();

                @Override
                void close();
              }
              """),
          TaskCompiler.source(
              "software.amazon.awssdk.services.s3.S3Client",
              """
              package software.amazon.awssdk.services.s3;

              import software.amazon.awssdk.core.SdkClient;

              public interface S3Client extends SdkClient {
                Object putObject(Object request, Object body);

                Object getObject(Object request);

                Object listBuckets();

                Object deleteObject(Object request);
              }
              """),
          TaskCompiler.source(
              "software.amazon.awssdk.services.s3.S3AsyncClient",
              """
              package software.amazon.awssdk.services.s3;

              import software.amazon.awssdk.core.SdkClient;

              public interface S3AsyncClient extends SdkClient {
                Object putObject(Object request, Object body);
              }
              """),
          TaskCompiler.source(
              "software.amazon.awssdk.services.sqs.SqsClient",
              """
              package software.amazon.awssdk.services.sqs;

              import software.amazon.awssdk.core.SdkClient;

              public interface SqsClient extends SdkClient {
                Object sendMessage(Object request);

                Object receiveMessage(Object request);
              }
              """),
          TaskCompiler.source(
              "software.amazon.awssdk.services.dynamodb.DynamoDbClient",
              """
              package software.amazon.awssdk.services.dynamodb;

              import software.amazon.awssdk.core.SdkClient;

              public interface DynamoDbClient extends SdkClient {
                Object updateItem(Object request);

                Object batchWriteItem(Object request);

                Object batchGetItem(Object request);

                Object query(Object request);
              }
              """));

  private LibraryStubs() {}
}
