package dev.idempotent4j.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code idempotent4j.http.*} properties: the {@code Idempotency-Key} filter ({@code
 * dev.idempotent4j.http.IdempotencyKeyFilter}), registered for {@link #getPaths() paths}. Each one
 * is the filter's init parameter of the same name (the README's table). These are the starter's
 * own: they never reach the engine's settings.
 *
 * <pre>{@code
 * # application.properties
 * idempotent4j.http.paths=/api/payments/*
 * idempotent4j.http.caller-header=X-Api-Key
 * }</pre>
 */
@ConfigurationProperties("idempotent4j.http")
public class IdempotencyHttpProperties {

  /**
   * Servlet URL patterns the Idempotency-Key filter is registered for (/charges, /api/payments/*,
   * *.json). Unset: no filter is registered.
   */
  private List<String> paths = new ArrayList<>();

  /** The engine task the requests run as: its metrics and the namespace of the stored keys. */
  private String task = "IdempotencyKeyFilter";

  /** The HTTP methods protected; other methods pass through. */
  private List<String> methods = new ArrayList<>(List.of("POST", "PATCH"));

  /**
   * Whether a protected request without an Idempotency-Key is rejected (400); false lets it run
   * unprotected.
   */
  private boolean required = true;

  /** How long a stored response is replayed. */
  private Duration ttl = Duration.ofHours(24);

  /**
   * How long a request's claim holds in the shared store without renewal (renewed while the handler
   * runs); after a crash another server takes the key over once it runs out.
   */
  private Duration lease = Duration.ofSeconds(30);

  /**
   * What a duplicate gets while the first request runs: 'reject' (409 with Retry-After at once) or
   * 'wait' (up to wait-timeout for the first response, then 409).
   */
  private InProgress inProgress = InProgress.REJECT;

  /** With in-progress=wait: how long a duplicate waits for the first response. */
  private Duration waitTimeout = Duration.ofSeconds(10);

  /** The Retry-After of a 409 or 503, rounded up to seconds. */
  private Duration retryAfter = Duration.ofSeconds(1);

  /**
   * A request header that identifies the caller (an API key; only its SHA-256 is stored). Unset:
   * request.getUserPrincipal(), so the filter runs after Spring Security's filter chain.
   */
  private String callerHeader;

  /**
   * Response headers replayed besides Content-Type, Content-Language, Location, Content-Location,
   * ETag, Last-Modified and Link. Set-Cookie, Authorization and other credentials are refused.
   */
  private List<String> headers = new ArrayList<>();

  /**
   * The largest request body and response body stored; a larger one runs and is sent as it is,
   * unstored (its key is released and it is counted).
   */
  private DataSize maxSize = DataSize.ofMegabytes(1); // 1 MiB: Spring's units are binary

  /**
   * Which final statuses are stored and replayed: statuses (201) and classes (2xx), '!' excludes;
   * every other status releases the key so that a retry runs again.
   */
  private String storeStatuses = "2xx,4xx,!408,!409,!429";

  /**
   * The filter's order among the servlet filters. Default: late, after Spring Security's filter
   * chain, so that the caller is known and requests that authentication rejects never reach it.
   */
  private Integer order;

  public List<String> getPaths() {
    return paths;
  }

  public void setPaths(List<String> paths) {
    this.paths = paths;
  }

  public String getTask() {
    return task;
  }

  public void setTask(String task) {
    this.task = task;
  }

  public List<String> getMethods() {
    return methods;
  }

  public void setMethods(List<String> methods) {
    this.methods = methods;
  }

  public boolean isRequired() {
    return required;
  }

  public void setRequired(boolean required) {
    this.required = required;
  }

  public Duration getTtl() {
    return ttl;
  }

  public void setTtl(Duration ttl) {
    this.ttl = ttl;
  }

  public Duration getLease() {
    return lease;
  }

  public void setLease(Duration lease) {
    this.lease = lease;
  }

  public InProgress getInProgress() {
    return inProgress;
  }

  public void setInProgress(InProgress inProgress) {
    this.inProgress = inProgress;
  }

  public Duration getWaitTimeout() {
    return waitTimeout;
  }

  public void setWaitTimeout(Duration waitTimeout) {
    this.waitTimeout = waitTimeout;
  }

  public Duration getRetryAfter() {
    return retryAfter;
  }

  public void setRetryAfter(Duration retryAfter) {
    this.retryAfter = retryAfter;
  }

  public String getCallerHeader() {
    return callerHeader;
  }

  public void setCallerHeader(String callerHeader) {
    this.callerHeader = callerHeader;
  }

  public List<String> getHeaders() {
    return headers;
  }

  public void setHeaders(List<String> headers) {
    this.headers = headers;
  }

  public DataSize getMaxSize() {
    return maxSize;
  }

  public void setMaxSize(DataSize maxSize) {
    this.maxSize = maxSize;
  }

  public String getStoreStatuses() {
    return storeStatuses;
  }

  public void setStoreStatuses(String storeStatuses) {
    this.storeStatuses = storeStatuses;
  }

  public Integer getOrder() {
    return order;
  }

  public void setOrder(Integer order) {
    this.order = order;
  }

  /** {@code idempotent4j.http.in-progress}. */
  public enum InProgress {
    /** {@code 409} with {@code Retry-After} at once. */
    REJECT,
    /** Wait up to {@code wait-timeout} for the first response. */
    WAIT
  }
}
