package dev.idempotent4j.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Holds the handler's body back from the client until the filter has recorded the outcome, so that
 * a stored response is durable before its first byte leaves. Status and headers go to the real
 * response at once: a container commits a response only when body bytes or a flush reach it.
 *
 * <p>The wrapper stops holding back, and from then on passes every byte straight through ({@link
 * #passedThrough()} tells why), when the body grows past the limit, when the handler streams (an
 * event-stream content type, a {@link WriteListener}, an async request) or when it calls {@code
 * sendError}/{@code sendRedirect}, whose page the container renders. Such a response is never
 * stored. A stream {@code flush()} is not streaming: frameworks flush after every message they
 * write.
 */
final class CapturingResponse extends HttpServletResponseWrapper {

  /** Why the body went to the client unrecorded. */
  enum PassThrough {
    OVERSIZE,
    STREAMING,
    CONTAINER_PAGE
  }

  private final int limit;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private final CapturingStream stream = new CapturingStream();
  private PrintWriter writer;
  private boolean streamUsed;
  private PassThrough passedThrough;

  CapturingResponse(HttpServletResponse response, int limit) {
    super(response);
    this.limit = limit;
  }

  /** Why bytes went straight to the client, or null while the whole body is held here. */
  PassThrough passedThrough() {
    return passedThrough;
  }

  /** The held body, after flushing the handler's writer into it. */
  byte[] body() {
    if (writer != null) {
      writer.flush();
    }
    return buffer.toByteArray();
  }

  /** Lets the held body go to the client: call after the outcome is recorded (or released). */
  void release() throws IOException {
    byte[] body = body();
    if (passedThrough != null) {
      return;
    }
    HttpServletResponse real = (HttpServletResponse) getResponse();
    if (!real.containsHeader("Content-Length") && hasBody(real.getStatus())) {
      real.setContentLengthLong(body.length);
    }
    if (body.length > 0) {
      real.getOutputStream().write(body);
    }
  }

  /** From now on bytes go to the client; what was held goes first. */
  void passThrough(PassThrough why) throws IOException {
    if (passedThrough != null) {
      return;
    }
    // Set first: the writer's pending characters, flushed below, must go through, after the
    // bytes already held (which they follow).
    passedThrough = why;
    if (buffer.size() > 0) {
      getResponse().getOutputStream().write(buffer.toByteArray());
      buffer.reset();
    }
    if (writer != null) {
      writer.flush();
    }
  }

  static boolean hasBody(int status) {
    return status >= 200 && status != 204 && status != 304;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (writer != null) {
      throw new IllegalStateException("getWriter() was already called on this response");
    }
    streamUsed = true;
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (streamUsed) {
      throw new IllegalStateException("getOutputStream() was already called on this response");
    }
    if (writer == null) {
      String encoding = getCharacterEncoding();
      // Said explicitly so the container puts the charset into Content-Type, as it does when the
      // application asks it for a writer itself.
      setCharacterEncoding(encoding);
      writer = new PrintWriter(new OutputStreamWriter(stream, Charset.forName(encoding)));
    }
    return writer;
  }

  @Override
  public void flushBuffer() throws IOException {
    if (passedThrough == null && streamingType(getContentType())) {
      passThrough(PassThrough.STREAMING);
    }
    if (passedThrough != null) {
      if (writer != null) {
        writer.flush();
      }
      super.flushBuffer();
    }
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    buffer.reset();
    passedThrough = PassThrough.CONTAINER_PAGE;
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    buffer.reset();
    passedThrough = PassThrough.CONTAINER_PAGE;
    super.sendError(sc);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    buffer.reset();
    passedThrough = PassThrough.CONTAINER_PAGE;
    super.sendRedirect(location);
  }

  @Override
  public void resetBuffer() {
    buffer.reset();
    super.resetBuffer();
  }

  @Override
  public void reset() {
    buffer.reset();
    super.reset();
  }

  /** Content types whose whole point is to reach the client before the response ends. */
  static boolean streamingType(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/event-stream")
        || type.startsWith("application/x-ndjson")
        || type.startsWith("multipart/x-mixed-replace");
  }

  private final class CapturingStream extends ServletOutputStream {

    @Override
    public void write(int b) throws IOException {
      if (holding(1)) {
        buffer.write(b);
      } else {
        getResponse().getOutputStream().write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (holding(len)) {
        buffer.write(b, off, len);
      } else {
        getResponse().getOutputStream().write(b, off, len);
      }
    }

    /** Whether the next {@code len} bytes are held here; past the limit, passes through. */
    private boolean holding(int len) throws IOException {
      if (passedThrough != null) {
        return false;
      }
      if (streamingType(getContentType())) {
        passThrough(PassThrough.STREAMING);
        return false;
      }
      if (buffer.size() + (long) len > limit) {
        passThrough(PassThrough.OVERSIZE);
        return false;
      }
      return true;
    }

    @Override
    public void flush() throws IOException {
      if (passedThrough != null) {
        getResponse().getOutputStream().flush();
      }
    }

    @Override
    public void close() throws IOException {
      // Closing while held means "the body is complete", which the filter knows already.
      if (passedThrough != null) {
        getResponse().getOutputStream().close();
      }
    }

    @Override
    public boolean isReady() {
      return passedThrough == null || getResponseStream().isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      try {
        passThrough(PassThrough.STREAMING);
      } catch (IOException e) {
        listener.onError(e);
        return;
      }
      getResponseStream().setWriteListener(listener);
    }

    private ServletOutputStream getResponseStream() {
      try {
        return getResponse().getOutputStream();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
