package dev.idempotent4j.http;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.codec.JsonCodec;
import java.util.List;

/**
 * The first response to a key, as the engine stores it: status, the allow-listed headers as
 * name/value pairs in the order they were set, and the body bytes. Through {@link #CODEC} it is a
 * JSON object in the shared tier, the body in base64, so {@code redis-cli} shows a readable record:
 *
 * <pre>{@code
 * {"status":201,"headers":["Content-Type","application/json","Location","/charges/ch_1"],
 *  "body":"eyJpZCI6ImNoXzEifQ=="}
 * }</pre>
 */
// The body is the bytes written back as they are, never copied; a StoredResponse is never compared
// or hashed, so the array's identity equality is never seen.
@SuppressWarnings("ArrayRecordComponent")
record StoredResponse(int status, List<String> headers, byte[] body) {

  static final JsonCodec<StoredResponse> CODEC =
      Codecs.<StoredResponse>record("dev.idempotent4j.http.StoredResponse")
          .component("status", Codecs.intValue(), StoredResponse::status)
          .component("headers", Codecs.list(Codecs.string()), StoredResponse::headers)
          .component("body", Codecs.byteArray(), StoredResponse::body)
          .build(c -> new StoredResponse(c.getInt(0), c.get(1), c.get(2)));

  StoredResponse {
    headers = List.copyOf(headers);
    if (headers.size() % 2 != 0) {
      throw new IllegalArgumentException("headers are name/value pairs, got " + headers);
    }
  }
}
