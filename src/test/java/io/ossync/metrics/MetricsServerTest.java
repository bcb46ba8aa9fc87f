package io.ossync.metrics;

import io.ossync.config.MetricsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final OssyncMetrics metrics = new OssyncMetrics();
    private final HealthChecks health = new HealthChecks();
    private MetricsServer server;

    @BeforeEach
    void start() throws IOException {
        server = MetricsServer.start(new MetricsConfig("127.0.0.1", 0), metrics, health);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void portZeroBindsAFreePort() {
        assertThat(server.port()).isBetween(1, 65535);
    }

    @Test
    void scrapedCountersMoveAfterCalls() throws Exception {
        HttpResponse<String> before = get("/metrics");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(Samples.parse(before.body()).get("ossync_files_uploaded_total")).isZero();

        metrics.uploadSucceeded(5_000, Duration.ofSeconds(2));
        metrics.uploadRestarted("checkpoint corrupt");
        metrics.retried();
        metrics.partStarted();
        metrics.queueDepthFrom(() -> 12);

        Samples after = Samples.parse(get("/metrics").body());
        assertThat(after.get("ossync_files_uploaded_total")).isEqualTo(1);
        assertThat(after.get("ossync_bytes_uploaded_total")).isEqualTo(5_000);
        assertThat(after.get("ossync_upload_restarts_total{reason=\"checkpoint corrupt\"}")).isEqualTo(1);
        assertThat(after.get("ossync_retries_total")).isEqualTo(1);
        assertThat(after.get("ossync_parts_in_flight")).isEqualTo(1);
        assertThat(after.get("ossync_queue_depth")).isEqualTo(12);
        assertThat(after.get("ossync_upload_duration_seconds_count")).isEqualTo(1);
    }

    @Test
    void healthIsOkWithoutChecks() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void healthTurns503WithTheReasonAndRecovers() throws Exception {
        AtomicReference<Optional<String>> watcher = new AtomicReference<>(Optional.empty());
        health.register("watcher running", watcher::get);
        health.register("state database writable", Optional::empty);
        assertThat(get("/health").statusCode()).isEqualTo(200);

        watcher.set(Optional.of("watcher of /data/in stopped: root deleted"));
        HttpResponse<String> failing = get("/health");
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.body()).isEqualTo("unhealthy\nwatcher running: watcher of /data/in stopped: root deleted\n");

        watcher.set(Optional.empty());
        HttpResponse<String> recovered = get("/health");
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(recovered.body()).isEqualTo("ok\n");
    }

    @Test
    void aCheckThatThrowsFailsOnlyItself() throws Exception {
        health.register("state database writable", () -> {
            throw new IllegalStateException("database is locked");
        });
        health.register("disk has room", () -> Optional.of("2 MB free"));
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("unhealthy\n"
                + "state database writable: check threw IllegalStateException: database is locked\n"
                + "disk has room: 2 MB free\n");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void aTakenPortIsAClearError() {
        MetricsConfig taken = new MetricsConfig("127.0.0.1", server.port());
        assertThatThrownBy(() -> MetricsServer.start(taken, metrics, health))
                .isInstanceOf(IOException.class)
                .hasMessage("metrics endpoint cannot listen on 127.0.0.1:" + server.port() + ": Address already in use");
    }

    @Test
    void closedServerNoLongerAnswers() throws Exception {
        int port = server.port();
        server.close();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
