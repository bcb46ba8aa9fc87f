package io.ossync.metrics;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon in process against the emulator, seen only through its HTTP endpoint, as Prometheus
 * and a load balancer see it: the metrics move while and after files are uploaded, and
 * {@code /health} turns 503, with the reason, when the state database stops taking writes.
 */
class DaemonMetricsIT {

    private static final int MIB = 1024 * 1024;
    private static final String RESTARTS_FILE_CHANGED = "ossync_upload_restarts_total{reason=\"file changed\"}";

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path inbox;
    private Path stateDb;
    private RemoteObjects remote;

    @BeforeEach
    void startDaemon() throws Exception {
        inbox = daemon.inbox();
        stateDb = daemon.stateDb();
        daemon.config().upload("1MiB", 2, 1).set("metrics", "{ listen: 127.0.0.1:0 }");
        daemon.start();
        remote = daemon.remote();
    }

    @Test
    void metricsShowPartsInFlightDuringAnUploadThenTheFilesBytesAndARestartAfterTheFileChanged() throws Exception {
        assertThat(daemon.daemon().metricsPort()).as("port 0 in the config binds a real port").isPresent();
        assertThat(daemon.daemon().metricsPort().getAsInt()).isPositive();
        Samples before = scrape();
        assertThat(before.get("ossync_files_uploaded_total")).isZero();
        assertThat(before.get("ossync_queue_depth")).isZero();
        assertThat(before.get(RESTARTS_FILE_CHANGED)).isZero();

        // Slow parts: 6 parts at 400 ms each with 2 routines keep the upload busy for over a second.
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(400));
        Path file = TestFiles.random(inbox.resolve("big.bin"), 6L * MIB, 1);

        Samples during = awaitScrape("parts in flight", s -> s.get("ossync_parts_in_flight") > 0);
        assertThat(during.get("ossync_parts_in_flight")).isBetween(1.0, 2.0); // routines: 2
        assertThat(during.get("ossync_queue_depth")).as("the running job counts").isEqualTo(1);
        assertThat(during.get("ossync_files_uploaded_total")).isZero();

        // The file changes while its parts are on the way: the upload must start over.
        TestFiles.append(file, 12_345, 2);
        long finalSize = Files.size(file);
        String finalSha = TestFiles.sha256(file);
        awaitScrape("a restart counted", s -> s.get(RESTARTS_FILE_CHANGED) >= 1);
        emulator.emulator().faults().clear();

        Awaitility.await("object equal to the changed file").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> finalSha.equals(remote.sha256(EmulatorExtension.BUCKET, "in/big.bin")));
        Samples after = awaitScrape("queue drained", s -> s.get("ossync_queue_depth") == 0
                && s.get("ossync_files_uploaded_total") >= 1 && s.get("ossync_bytes_uploaded_total") > 0);
        assertThat(after.get("ossync_files_uploaded_total")).isEqualTo(1);
        assertThat(after.get("ossync_bytes_uploaded_total")).isEqualTo(finalSize);
        assertThat(after.get(RESTARTS_FILE_CHANGED)).isEqualTo(1);
        assertThat(after.get("ossync_parts_in_flight")).isZero();
        assertThat(after.get("ossync_last_success_timestamp_seconds")).isPositive();
        assertThat(after.get("ossync_upload_duration_seconds_count")).isEqualTo(1);

        // A second, small file moves the counters by exactly its own bytes.
        Path small = TestFiles.random(inbox.resolve("small.bin"), 70_000, 3);
        // A scrape reads the counters one by one: it may see the file counted and not yet its bytes.
        Samples later = awaitScrape("second file counted", s -> s.get("ossync_files_uploaded_total") == 2
                && s.get("ossync_bytes_uploaded_total") > finalSize);
        assertThat(later.get("ossync_bytes_uploaded_total")).isEqualTo(finalSize + Files.size(small));
        assertThat(remote.sha256(EmulatorExtension.BUCKET, "in/small.bin")).isEqualTo(TestFiles.sha256(small));
    }

    /**
     * "Not writable" is made real, not simulated: a second SQLite connection takes the database's
     * write lock ({@code BEGIN EXCLUSIVE}) and holds it, so the daemon's own write transaction
     * fails with SQLITE_BUSY after its busy timeout, exactly as it would when another process
     * holds the file. Running as root rules out chmod; a full disk (a small tmpfs) needs mount
     * rights and need not fail the check at all, since the one-page write can land in WAL space
     * already allocated (reasoned from SQLite's WAL reuse, not measured). The check's reason
     * must reach the HTTP body, health must come back once the lock is released, and uploads
     * must go on.
     */
    @Test
    void healthTurns503WithTheReasonWhileTheStateDatabaseTakesNoWrites() throws Exception {
        HttpResponse<String> ok = get("/health");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("ok");

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + stateDb);
             Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            HttpResponse<String> down = get("/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("state database writable: state database not writable")
                    .containsIgnoringCase("locked")
                    .doesNotContain("watcher running").doesNotContain("store reachable");
            st.execute("ROLLBACK");
        }

        HttpResponse<String> back = get("/health");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).startsWith("ok");

        // The workers met the lock too (they pause, they do not die): a file written now still arrives.
        Path after = TestFiles.random(inbox.resolve("after.bin"), 50_000, 5);
        String sha = TestFiles.sha256(after);
        Awaitility.await("upload after the lock is gone").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> sha.equals(remote.sha256(EmulatorExtension.BUCKET, "in/after.bin")));
        // Counted once recorded: a small file's record commits with its group, just after its object is verified.
        assertThat(awaitScrape("file counted", s -> s.get("ossync_files_uploaded_total") >= 1)
                .get("ossync_files_uploaded_total")).isEqualTo(1);
    }

    private Samples scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return Samples.parse(r.body());
    }

    private Samples awaitScrape(String what, java.util.function.Predicate<Samples> condition) {
        Samples[] last = new Samples[1];
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    last[0] = scrape();
                    return condition.test(last[0]);
                });
        return last[0];
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + daemon.daemon().metricsPort().getAsInt() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
