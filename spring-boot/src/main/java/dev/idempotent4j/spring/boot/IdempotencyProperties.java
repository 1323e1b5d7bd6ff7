package dev.idempotent4j.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code idempotent4j.*} properties: the runtime's settings under the same names ({@code
 * idempotent4j.prefix} is the setting {@code prefix}), plus the starter's own switches. Values are
 * kept as text and validated by the runtime, so a bad one fails start-up with the runtime's message
 * naming the setting and the accepted forms. An unset property leaves the setting to the runtime's
 * other sources (system property, environment, default).
 *
 * <pre>{@code
 * # application.properties
 * idempotent4j.redis=redis://cache:6379
 * idempotent4j.prefix=billing
 * idempotent4j.fail-mode=closed
 * }</pre>
 *
 * <p>{@code idempotent4j.redis} (the URI of one Redis or Sentinel) is a value and a group at once
 * ({@code idempotent4j.redis.cluster}). Spring binds such a key either as the value (through {@link
 * Redis#Redis(String)}) or as the group, never both; so the starter reads the three {@code
 * idempotent4j.redis*} names one by one when the engine starts, and this class carries them for
 * configuration metadata and for code that reads them.
 */
@ConfigurationProperties("idempotent4j")
public class IdempotencyProperties {

  /**
   * Namespace put before every key, one per application or tenant: 1-64 of A-Z a-z 0-9 . _ : / -.
   * Default i4j.
   */
  private String prefix;

  /**
   * What a call does when the shared store cannot be reached: 'closed' (it fails with
   * StoreUnavailableException and the method does not run) or 'open' (it runs; logged and counted).
   * Default closed.
   */
  private String failMode;

  /** Shared-store command timeout: 500ms, 2s, PT2S. Default 2s. */
  private String timeout;

  /**
   * What start-up does when the task index lists @IdempotentTask methods whose classes are not
   * woven (no agent, no build-time weaving): 'fail' (the application does not start; the report
   * says what to add) or 'warn' (an error is logged and the methods run without deduplication).
   * Default fail.
   */
  private String weavingCheck;

  private final Local local = new Local();

  private Redis redis = new Redis();

  private Jdbc jdbc = new Jdbc();

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getFailMode() {
    return failMode;
  }

  public void setFailMode(String failMode) {
    this.failMode = failMode;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public String getWeavingCheck() {
    return weavingCheck;
  }

  public void setWeavingCheck(String weavingCheck) {
    this.weavingCheck = weavingCheck;
  }

  public Local getLocal() {
    return local;
  }

  public Redis getRedis() {
    return redis;
  }

  public void setRedis(Redis redis) {
    this.redis = redis;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public void setJdbc(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The runtime settings these properties set, by setting name ({@code "fail-mode"}); unset ones
   * are left out, and so are the {@code redis*} and {@code jdbc*} settings, which the caller reads
   * by name.
   */
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    put(settings, "prefix", prefix);
    put(settings, "fail-mode", failMode);
    put(settings, "timeout", timeout);
    put(settings, "weaving-check", weavingCheck);
    put(settings, "local.max-size", local.maxSize);
    return settings;
  }

  private static void put(Map<String, String> settings, String name, String value) {
    if (value != null) {
      settings.put(name, value);
    }
  }

  /** {@code idempotent4j.local.*}: the local tier. */
  public static class Local {

    /** Bound of the local tier, in remembered outcomes (at least 1). Default 10000. */
    private String maxSize;

    public String getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(String maxSize) {
      this.maxSize = maxSize;
    }
  }

  /** {@code idempotent4j.redis.*}: the Redis shared store. */
  public static class Redis {

    private String uri;

    /**
     * Comma-separated seed URIs of a Redis Cluster: redis://h1:7000,redis://h2:7001. Exclusive with
     * idempotent4j.redis.
     */
    private String cluster;

    /**
     * Whether to use the application's Spring Data Redis connection (spring.data.redis.*) when
     * neither idempotent4j.redis nor idempotent4j.redis.cluster is set. Off by default: a cache's
     * Redis may evict keys, and the shared tier is not switched on by a class on the class path.
     */
    private boolean useSpring;

    /** The group {@code idempotent4j.redis.*}. */
    public Redis() {}

    /** The value {@code idempotent4j.redis=uri} (Spring converts the text through this). */
    public Redis(String uri) {
      this.uri = uri;
    }

    /** {@code idempotent4j.redis}, when it was bound as a value. */
    public String getUri() {
      return uri;
    }

    public String getCluster() {
      return cluster;
    }

    public void setCluster(String cluster) {
      this.cluster = cluster;
    }

    public boolean isUseSpring() {
      return useSpring;
    }

    public void setUseSpring(boolean useSpring) {
      this.useSpring = useSpring;
    }
  }

  /**
   * {@code idempotent4j.jdbc.*}: the PostgreSQL shared store. Like {@code idempotent4j.redis},
   * {@code idempotent4j.jdbc} is a value (the URL) and a group at once, read by name.
   */
  public static class Jdbc {

    private String url;

    /** Database user of idempotent4j.jdbc (or in the URL). */
    private String user;

    /** Password of idempotent4j.jdbc (or in the URL). */
    private String password;

    /** The record table: name or schema.name, lower case. Default idempotent4j_record. */
    private String table;

    /**
     * Whether the table and its sequence are created at start-up when missing. Default false:
     * production schemas are migrated (Flyway, Liquibase; the SQL file is in the jar).
     */
    private String createSchema;

    /**
     * Whether to keep the records in the application's own DataSource (spring.datasource.*), with
     * tasks inside @Transactional methods joining the transaction. Off by default: it puts a table
     * and a LISTEN connection into the business database, and a DataSource on the class path must
     * not switch the shared tier on. Exclusive with idempotent4j.jdbc.
     */
    private boolean useSpring;

    /** The group {@code idempotent4j.jdbc.*}. */
    public Jdbc() {}

    /** The value {@code idempotent4j.jdbc=url} (Spring converts the text through this). */
    public Jdbc(String url) {
      this.url = url;
    }

    /** {@code idempotent4j.jdbc}, when it was bound as a value. */
    public String getUrl() {
      return url;
    }

    public String getUser() {
      return user;
    }

    public void setUser(String user) {
      this.user = user;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getTable() {
      return table;
    }

    public void setTable(String table) {
      this.table = table;
    }

    public String getCreateSchema() {
      return createSchema;
    }

    public void setCreateSchema(String createSchema) {
      this.createSchema = createSchema;
    }

    public boolean isUseSpring() {
      return useSpring;
    }

    public void setUseSpring(boolean useSpring) {
      this.useSpring = useSpring;
    }
  }
}
