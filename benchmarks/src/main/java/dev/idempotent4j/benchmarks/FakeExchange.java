package dev.idempotent4j.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request and a response with no container behind them, for measuring what the filter itself
 * costs in CPU and allocation, without the network's noise. Built as {@link Proxy}s that answer the
 * servlet methods the filter and a trivial handler call; both sides of a comparison pay the same
 * proxy cost.
 *
 * <pre>{@code
 * FakeExchange x = new FakeExchange("POST", "/charges", "k-1", body);
 * filter.doFilter(x.request, x.response, chain);
 * }</pre>
 */
final class FakeExchange {
  final HttpServletRequest request;
  final HttpServletResponse response;
  final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private int status = 200;
  private String contentType;

  FakeExchange(String method, String uri, String key, byte[] body) {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    ServletInputStream input =
        new ServletInputStream() {
          @Override
          public int read() {
            return in.read();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
          }

          @Override
          public byte[] readAllBytes() {
            // As cheap as a container's own stream can be, so that bare pays no chunk buffer
            // that the filter's replayed stream avoids.
            return in.readAllBytes();
          }

          @Override
          public boolean isFinished() {
            return in.available() == 0;
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setReadListener(ReadListener l) {}
        };
    ServletOutputStream output =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener l) {}
        };
    request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> {
                  return switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getQueryString", "getUserPrincipal", "getCharacterEncoding" -> null;
                    case "getContentType" -> "application/json";
                    case "getDispatcherType" -> DispatcherType.REQUEST;
                    case "getHeader" ->
                        "Idempotency-Key".equalsIgnoreCase((String) args[0]) ? key : null;
                    case "getHeaders" ->
                        "Idempotency-Key".equalsIgnoreCase((String) args[0]) && key != null
                            ? Collections.enumeration(List.of(key))
                            : Collections.emptyEnumeration();
                    case "getContentLengthLong" -> (long) body.length;
                    case "getContentLength" -> body.length;
                    case "getInputStream" -> input;
                    case "isAsyncSupported", "isAsyncStarted" -> false;
                    default -> throw new UnsupportedOperationException(m.getName());
                  };
                });
    response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, m, args) -> {
                  return switch (m.getName()) {
                    case "setStatus" -> {
                      status = (Integer) args[0];
                      yield null;
                    }
                    case "getStatus" -> status;
                    case "setContentType" -> {
                      contentType = (String) args[0];
                      yield null;
                    }
                    case "getContentType" -> contentType;
                    case "setHeader" -> {
                      headers.put(((String) args[0]), new ArrayList<>(List.of((String) args[1])));
                      yield null;
                    }
                    case "addHeader" -> {
                      headers
                          .computeIfAbsent((String) args[0], k -> new ArrayList<>())
                          .add((String) args[1]);
                      yield null;
                    }
                    case "containsHeader" -> headers.containsKey((String) args[0]);
                    case "getHeaderNames" -> headers.keySet();
                    case "getHeaders" -> headers.getOrDefault((String) args[0], List.of());
                    case "setContentLength",
                        "setContentLengthLong",
                        "resetBuffer",
                        "setCharacterEncoding" ->
                        null;
                    case "getCharacterEncoding" -> "UTF-8";
                    case "isCommitted" -> false;
                    case "getOutputStream" -> output;
                    default -> throw new UnsupportedOperationException(m.getName());
                  };
                });
  }

  int status() {
    return status;
  }
}
