package dev.idempotent4j.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Idempotency-Key} request header (IETF httpapi draft, as Stripe practices it) for any
 * Servlet 6 container and Spring MVC, on idempotent4j's engine: a retried {@code POST} gets the
 * first response instead of running again.
 *
 * <p>Each protected request runs as a task of the engine, keyed by the task name, method, path, the
 * caller's identity and the key, with a fingerprint of method, path, query and the SHA-256 of the
 * body. So it has everything an {@code @IdempotentTask} has: the local tier, the shared tier
 * (Redis) with leases renewed while the handler runs and takeover when a server dies, fencing (the
 * handler reads its token from {@code IdempotencyContext.current()}), the fail mode, the metrics.
 *
 * <table>
 *   <caption>What a client gets</caption>
 *   <tr><th>request</th><th>response</th></tr>
 *   <tr><td>no key (required)</td><td>{@code 400} problem+json</td></tr>
 *   <tr><td>malformed key</td><td>{@code 400} problem+json</td></tr>
 *   <tr><td>first with its key</td><td>the handler's response, recorded before it is sent</td></tr>
 *   <tr><td>retry after a stored response</td><td>that response, {@code Idempotent-Replayed:
 *       true}</td></tr>
 *   <tr><td>same key, other request</td><td>{@code 422} problem+json</td></tr>
 *   <tr><td>same key while the first runs</td><td>{@code 409} with {@code Retry-After}, or the
 *       response after a bounded wait</td></tr>
 *   <tr><td>store unreachable (fail closed)</td><td>{@code 503} with {@code Retry-After}; nothing
 *       ran</td></tr>
 * </table>
 *
 * <p>Registered in code:
 *
 * <pre>{@code
 * IdempotencyKeyFilter filter = IdempotencyKeyFilter.builder()
 *     .caller(CallerResolver.header("X-Api-Key"))
 *     .ttl(Duration.ofHours(24))
 *     .build();
 * context.addFilter(new FilterHolder(filter), "/charges/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>or in {@code web.xml}, with init parameters ({@code methods}, {@code required}, {@code ttl},
 * {@code lease}, {@code in-progress} = {@code reject}|{@code wait}, {@code wait-timeout}, {@code
 * retry-after}, {@code caller-header}, {@code headers}, {@code max-size}, {@code store-statuses},
 * {@code paths}, {@code task}) overriding the defaults. The README lists them.
 */
public final class IdempotencyKeyFilter implements Filter {

  /** The response header that marks a replayed response. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private static final System.Logger LOG = System.getLogger(IdempotencyKeyFilter.class.getName());
  private static final int WARNED_ROUTES_LIMIT = 1000;

  private final Builder configured;
  private final FilterCounters counters = new FilterCounters();
  private final Set<String> warnedRoutes = ConcurrentHashMap.newKeySet();
  private volatile Protection protection;

  /**
   * A filter with the defaults: {@code POST} and {@code PATCH}, key required, ttl 24h, lease 30s,
   * {@code 409} while in progress, the caller from {@code getUserPrincipal()}, 1 MiB limit. A
   * container's init parameters override them in {@link #init(FilterConfig)}.
   */
  public IdempotencyKeyFilter() {
    this(new Builder());
  }

  private IdempotencyKeyFilter(Builder builder) {
    this.configured = builder.copy();
    this.protection = new Protection(configured);
  }

  /** Starts configuring a filter in code. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Applies the init parameters that are set over this filter's configuration, and logs it.
   *
   * @throws ServletException naming the parameter whose value does not parse
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    Builder b = configured.copy();
    try {
      InitParameters.apply(config, b);
      protection = new Protection(b);
    } catch (IllegalArgumentException e) {
      throw new ServletException(
          "IdempotencyKeyFilter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
    LOG.log(
        Level.INFO,
        "idempotent4j: Idempotency-Key filter ''{0}'': {1}. Streaming and async responses pass"
            + " through unstored (warned once per route when seen).",
        config.getFilterName(),
        protection);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Protection p = protection;
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)
        || req.getDispatcherType() != DispatcherType.REQUEST
        || !p.applies(request)) {
      chain.doFilter(req, res);
      return;
    }
    Enumeration<String> values = request.getHeaders(IdempotencyKeyHeader.NAME);
    String header = values != null && values.hasMoreElements() ? values.nextElement() : null;
    if (header == null) {
      if (p.required) {
        counters.missingKey.increment();
        Problem.KEY_MISSING.send(response, request.getRequestURI(), 0);
      } else {
        chain.doFilter(req, res);
      }
      return;
    }
    // A second field line is a second key: which one the client meant is unknowable.
    String key = values.hasMoreElements() ? null : IdempotencyKeyHeader.parse(header);
    if (key == null) {
      counters.malformedKey.increment();
      Problem.KEY_MALFORMED.send(response, request.getRequestURI(), 0);
      return;
    }
    new Exchange(this, p, request, response, chain, key).run();
  }

  /** The engine task's name: {@code Idempotency.metrics().task(name)} has its counters. */
  public String taskName() {
    return protection.taskName;
  }

  /** This filter's own counters since it was created. */
  public FilterMetrics metrics() {
    return counters.snapshot();
  }

  FilterCounters counters() {
    return counters;
  }

  /** Says once per route (up to a bound) that its responses stream and so are never stored. */
  void warnStreaming(String route, CapturingResponse.PassThrough why) {
    if (warnedRoutes.size() < WARNED_ROUTES_LIMIT && warnedRoutes.add(route)) {
      LOG.log(
          Level.WARNING,
          "idempotent4j: {0} {1}: the response {2}, so it is sent as it is and not stored; retries"
              + " with the same Idempotency-Key run the handler again. Exclude the route from the"
              + " filter (paths) if this is expected.",
          protection.taskName,
          route,
          why == CapturingResponse.PassThrough.STREAMING
              ? "streams (async, event stream or non-blocking write)"
              : "is rendered by the container (sendError or sendRedirect)");
    }
  }

  /**
   * Configures an {@link IdempotencyKeyFilter}; every setting has the default the no-argument
   * constructor uses.
   *
   * <pre>{@code
   * IdempotencyKeyFilter filter = IdempotencyKeyFilter.builder()
   *     .methods("POST")
   *     .paths("/charges", "/refunds/*")
   *     .caller(CallerResolver.header("X-Api-Key"))
   *     .waitForInProgress(Duration.ofSeconds(10))
   *     .replayHeaders("X-Charge-Id")
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    String taskName = "IdempotencyKeyFilter";
    List<String> methods = List.of("POST", "PATCH");
    List<String> paths = List.of();
    boolean required = true;
    Duration ttl = Duration.ofHours(24);
    Duration lease = Duration.ofSeconds(30);
    Duration waitTimeout = Duration.ofSeconds(10);
    boolean waitForInProgress;
    Duration retryAfter = Duration.ofSeconds(1);
    CallerResolver caller = CallerResolver.principal();
    List<String> extraHeaders = List.of();
    int maxSize = 1 << 20;
    StatusPolicy statusPolicy = StatusPolicy.standard();
    String statusSpec = "2xx,4xx,!408,!409,!429";

    private Builder() {}

    Builder copy() {
      Builder b = new Builder();
      b.taskName = taskName;
      b.methods = methods;
      b.paths = paths;
      b.required = required;
      b.ttl = ttl;
      b.lease = lease;
      b.waitTimeout = waitTimeout;
      b.waitForInProgress = waitForInProgress;
      b.retryAfter = retryAfter;
      b.caller = caller;
      b.extraHeaders = extraHeaders;
      b.maxSize = maxSize;
      b.statusPolicy = statusPolicy;
      b.statusSpec = statusSpec;
      return b;
    }

    /**
     * The engine task's name, the namespace of the stored keys. Default {@code
     * IdempotencyKeyFilter}; give each application or filter its own when they share a store.
     */
    public Builder taskName(String taskName) {
      this.taskName = Objects.requireNonNull(taskName, "taskName");
      return this;
    }

    /** The methods protected. Default {@code POST}, {@code PATCH}. */
    public Builder methods(String... methods) {
      this.methods = List.of(methods);
      return this;
    }

    /**
     * Servlet-style patterns ({@code /charges}, {@code /refunds/*}, {@code *.json}) within the
     * filter's mapping; default none, which protects everything the filter is mapped to.
     *
     * @throws IllegalArgumentException if a pattern starts with neither {@code /} nor {@code *.}
     */
    public Builder paths(String... patterns) {
      this.paths = List.of(patterns);
      new PathPatterns(this.paths);
      return this;
    }

    /** Whether a protected request without a key is rejected ({@code 400}). Default true. */
    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    /** How long a stored response is replayed. Default 24h. */
    public Builder ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * How long a request's claim holds in the shared tier without renewal (renewed while the
     * handler runs); after a crash another server takes the key over when it runs out. Default 30s.
     */
    public Builder lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /**
     * A duplicate that arrives while the first request runs waits up to {@code timeout} for its
     * response (asynchronously where the container supports it, holding no thread), instead of
     * getting {@code 409} at once. When the wait ends without a response: {@code 409}.
     */
    public Builder waitForInProgress(Duration timeout) {
      this.waitTimeout = Objects.requireNonNull(timeout, "timeout");
      this.waitForInProgress = true;
      return this;
    }

    /**
     * The {@code Retry-After} of a {@code 409} or {@code 503}, rounded up to seconds. Default 1s.
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
      return this;
    }

    /** Who the caller is. Default {@link CallerResolver#principal()}. */
    public Builder caller(CallerResolver caller) {
      this.caller = Objects.requireNonNull(caller, "caller");
      return this;
    }

    /**
     * Response headers replayed besides the defaults ({@code Content-Type}, {@code
     * Content-Language}, {@code Location}, {@code Content-Location}, {@code ETag}, {@code
     * Last-Modified}, {@code Link}).
     *
     * @throws IllegalArgumentException for {@code Set-Cookie}, {@code Authorization} and the other
     *     headers that are never replayed
     */
    public Builder replayHeaders(String... names) {
      new HeaderAllowList(Arrays.asList(names));
      List<String> all = new ArrayList<>(extraHeaders);
      all.addAll(Arrays.asList(names));
      this.extraHeaders = List.copyOf(all);
      return this;
    }

    /**
     * The largest request body and response body kept, in bytes. Default 1 MiB. A larger one runs
     * as usual and is sent as it is, but not stored (its key is released and it is counted).
     *
     * @throws IllegalArgumentException if not between 0 and 1 GiB
     */
    public Builder maxSize(int bytes) {
      this.maxSize = Sizes.check(bytes, bytes);
      return this;
    }

    /** Which statuses are stored. Default {@link StatusPolicy#standard()}. */
    public Builder statusPolicy(StatusPolicy policy) {
      this.statusPolicy = Objects.requireNonNull(policy, "policy");
      this.statusSpec = "custom";
      return this;
    }

    Builder statusPolicy(String spec) {
      this.statusPolicy = StatusPolicy.parse(spec);
      this.statusSpec = spec;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @throws IllegalArgumentException if a setting is invalid (a lease longer than the ttl)
     */
    public IdempotencyKeyFilter build() {
      return new IdempotencyKeyFilter(this);
    }
  }
}
