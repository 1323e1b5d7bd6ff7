package dev.idempotent4j.benchmarks;

import dev.idempotent4j.http.IdempotencyKeyFilter;
import dev.idempotent4j.runtime.Idempotency;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the filter itself costs in CPU and allocation per request, without a network or container:
 * {@link FakeExchange}'s request and response, a trivial handler as the filter chain, the local
 * tier. {@link #bare} calls the handler directly; {@link #firstExecution} goes through the filter
 * with a fresh key; {@link #replay} with a stored one. {@link HttpFilterBenchmark} measures the
 * same over real loopback HTTP, where this cost is a small part of a request.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HttpFilterCpuBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class HttpFilterCpuBenchmark {

  static final byte[] BODY = "{\"amount\":100}".getBytes(StandardCharsets.UTF_8);
  static final byte[] RESPONSE =
      "{\"id\":\"ch_1\",\"amount\":100}".getBytes(StandardCharsets.UTF_8);
  static final int STORED_KEYS = 1024;

  /** The filter, the handler, and keys already stored. */
  @State(Scope.Benchmark)
  public static class Subject {
    IdempotencyKeyFilter filter;
    final FilterChain handler =
        (req, res) -> {
          req.getInputStream().readAllBytes();
          HttpServletResponse resp = (HttpServletResponse) res;
          resp.setStatus(201);
          resp.setContentType("application/json");
          resp.setHeader("Location", "/charges/ch_1");
          resp.getOutputStream().write(RESPONSE);
        };
    String[] stored = new String[STORED_KEYS];
    long next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      Idempotency.reset();
      filter =
          IdempotencyKeyFilter.builder()
              .taskName("HttpFilterCpuBenchmark")
              .ttl(Duration.ofMinutes(10))
              .build();
      for (int i = 0; i < STORED_KEYS; i++) {
        stored[i] = "stored-" + i;
        FakeExchange x = new FakeExchange("POST", "/charges", stored[i], BODY);
        filter.doFilter(x.request, x.response, handler);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      Idempotency.reset();
    }
  }

  @Benchmark
  public int bare(Subject s) throws Exception {
    FakeExchange x = new FakeExchange("POST", "/charges", null, BODY);
    s.handler.doFilter(x.request, x.response);
    return x.status() + x.out.size();
  }

  @Benchmark
  public int firstExecution(Subject s) throws Exception {
    FakeExchange x = new FakeExchange("POST", "/charges", "k-" + s.next++, BODY);
    s.filter.doFilter(x.request, x.response, s.handler);
    return x.status() + x.out.size();
  }

  @Benchmark
  public int replay(Subject s) throws Exception {
    FakeExchange x =
        new FakeExchange("POST", "/charges", s.stored[(int) (s.next++ & (STORED_KEYS - 1))], BODY);
    s.filter.doFilter(x.request, x.response, s.handler);
    return x.status() + x.out.size();
  }
}
