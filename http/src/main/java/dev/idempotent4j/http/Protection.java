package dev.idempotent4j.http;

import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.Task;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A filter's settled configuration and the two engine tasks it runs requests as: one that rejects a
 * duplicate in progress at once (a 409, or the first step of a non-blocking wait), one that waits.
 * Both have the same name, so they share keys: the same records, whichever one ran a request.
 */
final class Protection {

  final String taskName;
  final Set<String> methods;
  final PathPatterns paths;
  final boolean required;
  final Duration ttl;
  final Duration lease;
  final Duration waitTimeout;
  final boolean waitForInProgress;
  final long retryAfterSeconds;
  final CallerResolver caller;
  final HeaderAllowList headers;
  final int maxSize;
  final StatusPolicy statusPolicy;
  final Task rejecting;
  final Task waiting;
  private final String description;

  Protection(IdempotencyKeyFilter.Builder b) {
    this.taskName = b.taskName;
    this.methods =
        b.methods.stream().map(m -> m.strip().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    this.paths = new PathPatterns(b.paths);
    this.required = b.required;
    this.ttl = b.ttl;
    this.lease = b.lease;
    this.waitTimeout = b.waitTimeout;
    this.waitForInProgress = b.waitForInProgress;
    this.retryAfterSeconds = Math.max(1, (b.retryAfter.toMillis() + 999) / 1000);
    this.caller = b.caller;
    this.headers = new HeaderAllowList(b.extraHeaders);
    this.maxSize = b.maxSize;
    this.statusPolicy = b.statusPolicy;
    this.rejecting = task(OnInProgress.THROW);
    this.waiting = task(OnInProgress.WAIT);
    this.description =
        "task="
            + taskName
            + " methods="
            + methods
            + " paths="
            + (paths.patterns().isEmpty() ? "(as mapped)" : paths.patterns())
            + " required="
            + required
            + " ttl="
            + ttl
            + " lease="
            + lease
            + " in-progress="
            + (waitForInProgress ? "wait " + waitTimeout : "409 Retry-After " + retryAfterSeconds)
            + " max-size="
            + maxSize
            + " extra-headers="
            + b.extraHeaders
            + " store-statuses="
            + b.statusSpec;
  }

  private Task task(OnInProgress onInProgress) {
    return Task.builder(taskName)
        .ttl(ttl)
        .lease(lease)
        .waitTimeout(waitTimeout)
        .onInProgress(onInProgress)
        .codec(StoredResponse.CODEC)
        .build();
  }

  /** Whether the filter protects {@code request}: its method and path. */
  boolean applies(HttpServletRequest request) {
    if (!methods.contains(request.getMethod())) {
      return false;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return paths.matches(path);
  }

  @Override
  public String toString() {
    return description;
  }
}
