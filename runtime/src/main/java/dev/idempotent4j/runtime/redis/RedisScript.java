package dev.idempotent4j.runtime.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One step of the record protocol: the Lua text (the shared {@code record.lua} followed by the
 * step's own file) and its SHA1, computed here so that {@code EVALSHA} needs no {@code SCRIPT LOAD}
 * round trip unless the server answers {@code NOSCRIPT}.
 */
enum RedisScript {
  CLAIM("claim.lua"),
  COMPLETE("complete.lua"),
  FAIL("fail.lua"),
  RELEASE("release.lua"),
  RENEW("renew.lua"),
  SHOW("show.lua"),
  RELEASE_ADMIN("release-admin.lua");

  private final String file;
  private final String text;
  private final String sha1;

  RedisScript(String file) {
    this.file = file;
    this.text = resource("record.lua") + "\n" + resource(file);
    this.sha1 = sha1(text);
  }

  String file() {
    return file;
  }

  String text() {
    return text;
  }

  String sha1() {
    return sha1;
  }

  private static String resource(String name) {
    try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "idempotent4j-runtime is incomplete: resource dev/idempotent4j/runtime/redis/"
                + name
                + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
