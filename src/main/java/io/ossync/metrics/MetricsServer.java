package io.ossync.metrics;

import io.ossync.config.MetricsConfig;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP endpoint for operators: {@code GET /metrics} answers the Prometheus text format,
 * {@code GET /health} answers 200 {@code ok} when every check passes and 503 with one line per
 * failing check otherwise. Anything else is 404 (or 405 for another method).
 *
 * <p>Assumes a trusted network (it binds where {@link MetricsConfig} says, usually 127.0.0.1): no
 * authentication, no TLS. Its threads are its own and few, so a slow scraper cannot starve uploads.
 * Port 0 binds a free port, reported by {@link #port()}.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_THREADS = 8;

    private final Server server;
    private final ServerConnector connector;

    private MetricsServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Listens on {@code config.host():config.port()} and serves until {@link #close()}.
     *
     * @throws IOException when it cannot listen there (port taken, unknown host...)
     */
    public static MetricsServer start(MetricsConfig config, OssyncMetrics metrics, HealthChecks health) throws IOException {
        Objects.requireNonNull(config, "config");
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("metrics-http");
        threads.setDaemon(true);
        // daemon threads throughout: the endpoint must never be what keeps the JVM alive
        Server server = new Server(threads, new ScheduledExecutorScheduler("metrics-http-scheduler", true), null);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(new Endpoints(metrics, health));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("metrics endpoint cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        MetricsServer started = new MetricsServer(server, connector);
        log.info("metrics endpoint listening host={} port={}", config.host(), started.port());
        return started;
    }

    /** The port it listens on (the real one when 0 was asked). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(server);
        log.info("metrics endpoint stopped");
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("metrics endpoint did not stop cleanly", e);
        }
    }

    /** Routes the two paths; blocking, because gauges and health checks may touch the state database. */
    private static final class Endpoints extends Handler.Abstract {

        private final OssyncMetrics metrics;
        private final HealthChecks health;

        Endpoints(OssyncMetrics metrics, HealthChecks health) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            this.health = Objects.requireNonNull(health, "health");
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (!path.equals("/metrics") && !path.equals("/health")) {
                return answer(response, callback, HttpStatus.NOT_FOUND_404, PLAIN_TEXT, "not found; try /metrics or /health\n");
            }
            if (!HttpMethod.GET.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                return answer(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, PLAIN_TEXT, "only GET\n");
            }
            if (path.equals("/metrics")) {
                return answer(response, callback, HttpStatus.OK_200, PROMETHEUS_TEXT, metrics.scrape());
            }
            HealthReport report = health.run();
            if (report.healthy()) {
                return answer(response, callback, HttpStatus.OK_200, PLAIN_TEXT, "ok\n");
            }
            log.debug("health check failing failures=\"{}\"", String.join("; ", report.failures()));
            return answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, PLAIN_TEXT,
                    "unhealthy\n" + String.join("\n", report.failures()) + "\n");
        }

        private static boolean answer(Response response, Callback callback, int status, String contentType, String body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.Sink.write(response, true, body, callback);
            return true;
        }
    }
}
