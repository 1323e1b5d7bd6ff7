package dev.idempotent4j.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 on a free loopback port: one filter on {@code /*} in front of the given
 * servlets.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start(filterHolder, Map.of("/charges", new Charges()))) {
 *   client.send(HttpRequest.newBuilder(server.uri("/charges"))...);
 * }
 * }</pre>
 */
final class TestServer implements AutoCloseable {
  private final Server server;
  private final int port;

  private TestServer(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  static TestServer start(Filter filter, Map<String, HttpServlet> servlets) {
    return start(new FilterHolder(filter), servlets);
  }

  static TestServer start(FilterHolder filter, Map<String, HttpServlet> servlets) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    servlets.forEach(
        (path, servlet) -> {
          ServletHolder holder = new ServletHolder(servlet);
          holder.setAsyncSupported(true);
          context.addServlet(holder, path);
        });
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    return new TestServer(server, connector.getLocalPort());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
