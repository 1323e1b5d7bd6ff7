package dev.idempotent4j.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The request with its body read ahead (up to the limit) so that the filter can fingerprint it
 * before the handler runs; the handler reads the same bytes, then whatever lay past the limit.
 */
final class BufferedRequest extends HttpServletRequestWrapper {

  private final byte[] head;
  private final boolean oversize;
  private final InputStream rest;
  private boolean streamTaken;
  private boolean readerTaken;

  private BufferedRequest(HttpServletRequest request, byte[] head, boolean oversize)
      throws IOException {
    super(request);
    this.head = head;
    this.oversize = oversize;
    InputStream bytes = new ByteArrayInputStream(head);
    this.rest = oversize ? new SequenceInputStream(bytes, request.getInputStream()) : bytes;
  }

  /**
   * Reads up to {@code limit} bytes of the body (see {@link #oversize()} for more), or returns null
   * for a form post: the container parses those into parameters from its own stream, so their
   * parameters are fingerprinted instead.
   */
  static BufferedRequest read(HttpServletRequest request, int limit) throws IOException {
    if (isForm(request)) {
      return null;
    }
    long declared = request.getContentLengthLong();
    if (declared == 0) {
      return new BufferedRequest(request, new byte[0], false);
    }
    if (declared > 0 && declared <= limit) {
      // The usual case: a declared length within the limit, read into an array of that size
      // (readNBytes(int) would allocate and zero a chunk buffer besides, per request).
      byte[] body = new byte[(int) declared];
      int n = request.getInputStream().readNBytes(body, 0, body.length);
      if (n == body.length) {
        return new BufferedRequest(request, body, false);
      }
      throw new java.io.EOFException(
          "request body ended after " + n + " of its " + declared + " declared bytes");
    }
    // One byte more than the limit tells an oversize body from one of exactly the limit.
    byte[] head = request.getInputStream().readNBytes(limit + 1);
    return new BufferedRequest(request, head, head.length > limit);
  }

  static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
  }

  /** The body, or its first {@code limit + 1} bytes if {@link #oversize()}. */
  byte[] head() {
    return head;
  }

  /** Whether the body is longer than the limit: the handler still reads all of it. */
  boolean oversize() {
    return oversize;
  }

  @Override
  public ServletInputStream getInputStream() {
    if (readerTaken) {
      throw new IllegalStateException("getReader() was already called on this request");
    }
    streamTaken = true;
    return new ReplayStream(rest);
  }

  @Override
  public BufferedReader getReader() {
    if (streamTaken) {
      throw new IllegalStateException("getInputStream() was already called on this request");
    }
    readerTaken = true;
    String encoding = getCharacterEncoding();
    Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
    return new BufferedReader(new InputStreamReader(rest, charset));
  }

  private static final class ReplayStream extends ServletInputStream {
    private final InputStream in;
    private boolean finished;

    ReplayStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      finished = b == -1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      finished = n == -1;
      return n;
    }

    @Override
    public byte[] readAllBytes() throws IOException {
      // ByteArrayInputStream copies its array once; the generic version reads in chunks.
      byte[] all = in.readAllBytes();
      finished = true;
      return all;
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      // The bytes are here already: the listener can read them all at once.
      try {
        listener.onDataAvailable();
        listener.onAllDataRead();
      } catch (IOException e) {
        listener.onError(e);
      }
    }
  }
}
