package dev.idempotent4j.processor.sideeffect;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lists shipped in the processor jar, enabled by name with {@code
 * -Aidempotent4j.sideEffects.libraries}: each makes its library's calls side effects, and only when
 * named. The library types are stubs ({@link LibraryStubs}).
 */
class ShippedSideEffectListsTest {

  private static final String OPTION = "-Aidempotent4j.sideEffects.libraries=";

  /**
   * One list, exercised by one call: {@code call} is a side effect under {@code entry} of list
   * {@code library}; {@code read} on the same receiver is not.
   */
  record Case(
      String library,
      List<JavaFileObject> stubs,
      String imports,
      String receiver,
      String call,
      String read,
      String callee,
      String entry) {
    @Override
    public String toString() {
      return library;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "jdbc",
            LibraryStubs.HIKARI,
            "import com.zaxxer.hikari.pool.HikariProxyPreparedStatement;",
            "HikariProxyPreparedStatement",
            "target.executeUpdate()",
            "target.executeQuery()",
            "HikariProxyPreparedStatement.executeUpdate()",
            "java.sql.Statement#executeUpdate"),
        new Case(
            "http-client",
            List.of(),
            "import java.net.URI;\nimport java.net.http.*;",
            "HttpClient",
            "target.send(HttpRequest.newBuilder(URI.create(\"https://example.com\")).build(),"
                + " HttpResponse.BodyHandlers.discarding())",
            "target.version()",
            "HttpClient.send(HttpRequest, HttpResponse.BodyHandler)",
            "java.net.http.HttpClient#send*"),
        new Case(
            "spring-web",
            LibraryStubs.SPRING_WEB,
            "import org.springframework.web.client.RestTemplate;",
            "RestTemplate",
            "target.postForObject(\"/orders\", \"order\", String.class)",
            "target.getForObject(\"/orders/1\", String.class)",
            "RestTemplate.postForObject(String, Object, Class)",
            "org.springframework.web.client.RestOperations#postFor*"),
        new Case(
            "spring-mail",
            LibraryStubs.SPRING_MAIL,
            "import org.springframework.mail.SimpleMailMessage;\n"
                + "import org.springframework.mail.javamail.JavaMailSender;",
            "JavaMailSender",
            "target.send(new SimpleMailMessage())",
            "target.createMimeMessage()",
            "MailSender.send(SimpleMailMessage)",
            "org.springframework.mail.MailSender#send"),
        new Case(
            "jakarta-mail",
            LibraryStubs.JAKARTA_MAIL,
            "import jakarta.mail.Message;\nimport jakarta.mail.Transport;",
            "Transport",
            "Transport.send(new Message())",
            "target.isConnected()",
            "Transport.send(Message)",
            "jakarta.mail.Transport#send*"),
        new Case(
            "kafka",
            LibraryStubs.KAFKA,
            "import org.apache.kafka.clients.producer.KafkaProducer;\n"
                + "import org.apache.kafka.clients.producer.ProducerRecord;",
            "KafkaProducer<String, String>",
            "target.send(new ProducerRecord<>(\"orders\", \"k\", \"v\"))",
            "target.partitionsFor(\"orders\")",
            "KafkaProducer.send(ProducerRecord)",
            "org.apache.kafka.clients.producer.Producer#send"),
        new Case(
            "aws-sdk",
            LibraryStubs.AWS_SDK,
            "import software.amazon.awssdk.services.s3.S3Client;",
            "S3Client",
            "target.putObject(\"request\", \"body\")",
            "target.getObject(\"request\")",
            "S3Client.putObject(Object, Object)",
            "software.amazon.awssdk.services.*Client#put*"));
  }

  @Test
  void everyListIsTested() {
    assertThat(cases().map(Case::library).toList())
        .containsExactlyElementsIn(ShippedLists.NAMES)
        .inOrder();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void unkeyedCallIsAnErrorOnItsLine(Case c) {
    JavaFileObject caller = caller(c, true);

    Compilation compilation = compile(List.of(OPTION + c.library()), c, caller);

    // Only the unkeyed call: the read, the task and the @AllowUnkeyed method compile clean.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-unkeyed-side-effect] Caller.unkeyed("
                + simple(c.receiver())
                + ") calls "
                + c.callee()
                + ", a side effect (listed in idempotent4j's list \""
                + c.library()
                + "\" line "
                + lineOf(c.library(), c.entry())
                + ": "
                + c.entry()
                + "), outside any keyed task")
        .inFile(caller)
        .onLineContaining("// unkeyed");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sameCallInsideTaskOrAllowUnkeyedIsFine(Case c) {
    Compilation compilation = compile(List.of(OPTION + c.library()), c, caller(c, false));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void withoutTheOptionTheCallIsClean(Case c) {
    assertThat(compile(List.of(), c, caller(c, true))).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void anotherListDoesNotCoverIt(Case c) {
    String other = c.library().equals("jdbc") ? "kafka" : "jdbc";
    assertThat(compile(List.of(OPTION + other), c, caller(c, true))).succeededWithoutWarnings();
  }

  @Test
  void unknownNameIsAnErrorNamingTheKnownOnes() {
    Case jdbc = cases().findFirst().orElseThrow();

    Compilation compilation =
        compile(List.of(OPTION + "jdbc,rest-template"), jdbc, caller(jdbc, true));

    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-side-effect-library-unknown] -Aidempotent4j.sideEffects.libraries names"
                + " \"rest-template\", which is not a side-effect list idempotent4j ships. The"
                + " shipped lists are: jdbc, http-client, spring-web, spring-mail, jakarta-mail,"
                + " kafka, aws-sdk. For other members, write your own list and name its path with"
                + " -Aidempotent4j.sideEffects.list=<path>.");
    // javac stops after an error raised while processors initialise: the option is fixed first.
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void severalNamesInOneOptionIgnoringCaseAndSpaces() {
    Case jdbc = cases().filter(c -> c.library().equals("jdbc")).findFirst().orElseThrow();
    Case kafka = cases().filter(c -> c.library().equals("kafka")).findFirst().orElseThrow();
    JavaFileObject jdbcCaller = caller(jdbc, "JdbcCaller", true);
    JavaFileObject kafkaCaller = caller(kafka, "KafkaCaller", true);
    List<JavaFileObject> sources = new ArrayList<>(jdbc.stubs());
    sources.addAll(kafka.stubs());
    sources.add(jdbcCaller);
    sources.add(kafkaCaller);

    Compilation compilation =
        TaskCompiler.compile(options(OPTION + " JDBC , kafka,,jdbc"), sources);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("JdbcCaller.unkeyed(HikariProxyPreparedStatement) calls")
        .inFile(jdbcCaller)
        .onLineContaining("// unkeyed");
    assertThat(compilation)
        .hadErrorContaining("KafkaCaller.unkeyed(KafkaProducer) calls")
        .inFile(kafkaCaller)
        .onLineContaining("// unkeyed");
  }

  @Test
  void jdbcWritesCountOnEveryStatementAndReadsDoNot() {
    JavaFileObject dao =
        TaskCompiler.source(
            "test.Dao",
            """
            package test;

            import java.sql.Connection;
            import java.sql.SQLException;
            import java.sql.Statement;

            class Dao {
              void write(Statement statement, Connection connection) throws SQLException {
                statement.executeBatch(); // batch
                statement.executeLargeUpdate("delete from t"); // large
                statement.execute("call p()"); // execute
                connection.prepareCall("{call p()}").executeUpdate(); // callable
              }

              void read(Statement statement, Connection connection) throws SQLException {
                statement.executeQuery("select 1").close();
                connection.prepareStatement("select 1").executeQuery().close();
                connection.commit();
              }
            }
            """);

    Compilation compilation = TaskCompiler.compile(options(OPTION + "jdbc"), List.of(dao));

    assertThat(compilation).hadErrorCount(4);
    for (String[] expected :
        new String[][] {
          {"// batch", "Statement.executeBatch()", "java.sql.Statement#executeBatch"},
          {
            "// large",
            "Statement.executeLargeUpdate(String)",
            "java.sql.Statement#executeLargeUpdate"
          },
          {"// execute", "Statement.execute(String)", "java.sql.Statement#execute"},
          {"// callable", "PreparedStatement.executeUpdate()", "java.sql.Statement#executeUpdate"},
        }) {
      assertThat(compilation)
          .hadErrorContaining(
              "calls "
                  + expected[1]
                  + ", a side effect (listed in idempotent4j's list \"jdbc\""
                  + " line "
                  + lineOf("jdbc", expected[2])
                  + ": "
                  + expected[2]
                  + ")")
          .inFile(dao)
          .onLineContaining(expected[0]);
    }
  }

  @Test
  void springWebCoversTheMutatingCallsOfRestTemplateAndRestClient() {
    JavaFileObject client =
        TaskCompiler.source(
            "test.Client",
            """
            package test;

            import org.springframework.http.HttpMethod;
            import org.springframework.web.client.RestClient;
            import org.springframework.web.client.RestOperations;
            import org.springframework.web.client.RestTemplate;

            class Client {
              void write(RestTemplate template, RestOperations operations, RestClient client) {
                template.put("/a", "x"); // put
                operations.delete("/a"); // delete
                template.exchange("/a", HttpMethod.GET, null, String.class); // exchange
                client.post().uri("/a").retrieve(); // post
                client.delete().uri("/a").retrieve(); // client delete
              }

              void read(RestTemplate template, RestClient client) {
                template.getForObject("/a", String.class);
                client.get().uri("/a").retrieve();
              }
            }
            """);
    List<JavaFileObject> sources = new ArrayList<>(LibraryStubs.SPRING_WEB);
    sources.add(client);

    Compilation compilation = TaskCompiler.compile(options(OPTION + "spring-web"), sources);

    assertThat(compilation).hadErrorCount(5);
    for (String[] expected :
        new String[][] {
          {"// put", "RestTemplate.put(String, Object)"},
          {"// delete", "RestOperations.delete(String)"},
          {"// exchange", "RestTemplate.exchange(String, HttpMethod, Object, Class)"},
          {"// post", "RestClient.post()"},
          {"// client delete", "RestClient.delete()"},
        }) {
      assertThat(compilation)
          .hadErrorContaining(
              "Client.write(RestTemplate, RestOperations, RestClient) calls " + expected[1])
          .inFile(client)
          .onLineContaining(expected[0]);
    }
  }

  @Test
  void kafkaCoversProducersAndTemplates() {
    JavaFileObject publisher =
        TaskCompiler.source(
            "test.Publisher",
            """
            package test;

            import org.apache.kafka.clients.producer.Producer;
            import org.apache.kafka.clients.producer.ProducerRecord;
            import org.springframework.kafka.core.KafkaTemplate;

            class Publisher {
              void publish(Producer<String, String> producer, KafkaTemplate<String, String> t) {
                producer.send(new ProducerRecord<>("orders", "k", "v")); // producer
                t.send("orders", "k", "v"); // template
                t.sendDefault("k", "v"); // default
                t.flush();
              }
            }
            """);
    List<JavaFileObject> sources = new ArrayList<>(LibraryStubs.KAFKA);
    sources.add(publisher);

    Compilation compilation = TaskCompiler.compile(options(OPTION + "kafka"), sources);

    assertThat(compilation).hadErrorCount(3);
    for (String[] expected :
        new String[][] {
          {"// producer", "Producer.send(ProducerRecord)"},
          {"// template", "KafkaTemplate.send(String, K, V)"},
          {"// default", "KafkaTemplate.sendDefault(K, V)"},
        }) {
      assertThat(compilation)
          .hadErrorContaining("calls " + expected[1])
          .inFile(publisher)
          .onLineContaining(expected[0]);
    }
  }

  @Test
  void awsSdkCountsMutatingOperationsOfEveryServiceClientByPrefix() {
    JavaFileObject storage =
        TaskCompiler.source(
            "test.Storage",
            """
            package test;

            import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
            import software.amazon.awssdk.services.s3.S3AsyncClient;
            import software.amazon.awssdk.services.s3.S3Client;
            import software.amazon.awssdk.services.sqs.SqsClient;

            class Storage {
              void write(S3Client s3, S3AsyncClient async, SqsClient sqs, DynamoDbClient dynamo) {
                s3.deleteObject("r"); // delete
                async.putObject("r", "b"); // async put
                sqs.sendMessage("m"); // send
                dynamo.updateItem("r"); // update
                dynamo.batchWriteItem("r"); // batch write
              }

              void read(S3Client s3, SqsClient sqs, DynamoDbClient dynamo) {
                s3.listBuckets();
                s3.serviceName();
                sqs.receiveMessage("r");
                dynamo.batchGetItem("r");
                dynamo.query("r");
                s3.close();
              }
            }
            """);
    List<JavaFileObject> sources = new ArrayList<>(LibraryStubs.AWS_SDK);
    sources.add(storage);

    Compilation compilation = TaskCompiler.compile(options(OPTION + "aws-sdk"), sources);

    assertThat(compilation).hadErrorCount(5);
    for (String[] expected :
        new String[][] {
          {
            "// delete",
            "S3Client.deleteObject(Object)",
            "software.amazon.awssdk.services.*Client#delete*"
          },
          {
            "// async put",
            "S3AsyncClient.putObject(Object, Object)",
            "software.amazon.awssdk.services.*Client#put*"
          },
          {
            "// send",
            "SqsClient.sendMessage(Object)",
            "software.amazon.awssdk.services.*Client#send*"
          },
          {
            "// update",
            "DynamoDbClient.updateItem(Object)",
            "software.amazon.awssdk.services.*Client#update*"
          },
          {
            "// batch write",
            "DynamoDbClient.batchWriteItem(Object)",
            "software.amazon.awssdk.services.*Client#batchWrite*"
          },
        }) {
      assertThat(compilation)
          .hadErrorContaining(
              "calls "
                  + expected[1]
                  + ", a side effect (listed in idempotent4j's list"
                  + " \"aws-sdk\" line "
                  + lineOf("aws-sdk", expected[2])
                  + ": "
                  + expected[2])
          .inFile(storage)
          .onLineContaining(expected[0]);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static JavaFileObject caller(Case c, boolean withUnkeyed) {
    return caller(c, "Caller", withUnkeyed);
  }

  /**
   * A class calling {@code c.call()} from an unkeyed method (when {@code withUnkeyed}), a task and
   * an {@code @AllowUnkeyed} method, and {@code c.read()} from an unkeyed method.
   */
  private static JavaFileObject caller(Case c, String name, boolean withUnkeyed) {
    String unkeyed =
        withUnkeyed
            ? """
                void unkeyed(%1$s target) throws Exception {
                  %2$s; // unkeyed
                }
              """
                .formatted(c.receiver(), c.call())
            : "";
    String code =
        """
        package test;

        import dev.idempotent4j.AllowUnkeyed;
        import dev.idempotent4j.IdempotentTask;
        %1$s

        class %2$s {
        %3$s
          void reads(%4$s target) throws Exception {
            %6$s;
          }

          @IdempotentTask(key = "caller:{id}")
          public void keyed(String id, %4$s target) throws Exception {
            %5$s;
          }

          @AllowUnkeyed("a test: running it twice is harmless")
          void allowed(%4$s target) throws Exception {
            %5$s;
          }
        }
        """
            .formatted(c.imports(), name, unkeyed, c.receiver(), c.call(), c.read());
    return TaskCompiler.source("test." + name, code);
  }

  private static Compilation compile(List<String> extra, Case c, JavaFileObject caller) {
    List<JavaFileObject> sources = new ArrayList<>(c.stubs());
    sources.add(caller);
    return TaskCompiler.compile(options(extra.toArray(String[]::new)), sources);
  }

  private static List<String> options(String... extra) {
    List<String> options = new ArrayList<>(TaskCompiler.LINT);
    options.addAll(List.of(extra));
    return options;
  }

  /** {@code KafkaProducer<String, String>} as a diagnostic names it: {@code KafkaProducer}. */
  private static String simple(String receiver) {
    int angle = receiver.indexOf('<');
    return angle < 0 ? receiver : receiver.substring(0, angle);
  }

  /** The line of the shipped list {@code library} that holds {@code entry}. */
  static int lineOf(String library, String entry) {
    String[] lines = ShippedLists.text(library).split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().split("\\s+")[0].equals(entry)) {
        return i + 1;
      }
    }
    throw new AssertionError(entry + " is not in the shipped list " + library);
  }
}
