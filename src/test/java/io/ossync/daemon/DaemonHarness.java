package io.ossync.daemon;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.ChildJvm;
import io.ossync.testing.RemoteObjects;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code ossync run} as a child JVM against the test's emulator, on real folders: started, killed
 * with {@code kill -9}, stopped with SIGTERM, restarted on the same state database.
 */
public final class DaemonHarness implements AutoCloseable {

    public static final String BUCKET = "test-bucket";

    private final EmulatorExtension emulator;
    private final Path dir;
    private final Path inbox;
    private final Path config;
    private final RemoteObjects remote;
    private ChildJvm daemon;
    private int runs;

    public DaemonHarness(EmulatorExtension emulator, Path dir, String watchOptions) throws IOException {
        this.emulator = emulator;
        this.dir = dir;
        this.inbox = Files.createDirectories(dir.resolve("inbox"));
        this.config = dir.resolve("ossync.yaml");
        Files.writeString(config, """
                target: { endpoint: %s, region: cn-hangzhou, bucket: %s }
                state: %s
                watches:
                  - path: %s
                    prefix: "in/"
                %s
                upload: { part-size: 1MiB, routines: 4, workers: 2 }
                rescan-interval: 1m
                shutdown-timeout: 5s
                """.formatted(emulator.endpoint(), BUCKET, dir.resolve("state/state.db"), inbox,
                (watchOptions.contains("quiet-period") ? watchOptions : "quiet-period: 300ms\n" + watchOptions)
                        .indent(4).stripTrailing()));
        this.remote = new RemoteObjects(emulator.endpoint(), "cn-hangzhou", EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET);
    }

    public Path inbox() {
        return inbox;
    }

    public Path stateDb() {
        return dir.resolve("state/state.db");
    }

    public RemoteObjects remote() {
        return remote;
    }

    /** Starts the daemon and waits until it says it started. */
    public void start() throws IOException {
        runs++;
        Path log = dir.resolve("daemon-" + runs + ".log");
        daemon = ChildJvm.ossync(Map.of(
                "OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
                "OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET), log, "run", "--config", config.toString());
        Awaitility.await("daemon start, log " + log).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!daemon.isAlive()) {
                        throw new AssertionError("daemon exited: " + Files.readString(log));
                    }
                    return Files.readString(log).contains("ossync started");
                });
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("daemon-" + runs + ".log"));
    }

    /** How many times the daemon was started. */
    public int runs() {
        return runs;
    }

    /** The logs of every run so far, oldest first. */
    public String allLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= runs; i++) {
            all.append(Files.readString(dir.resolve("daemon-" + i + ".log")));
        }
        return all.toString();
    }

    public void kill9() throws InterruptedException {
        daemon.kill();
    }

    /** SIGTERM, as systemd stops it; returns the exit code. */
    public int terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).inheritIO().start().waitFor();
        return daemon.await(Duration.ofSeconds(30));
    }

    public boolean alive() {
        return daemon != null && daemon.isAlive();
    }

    /** Waits until the object exists and equals {@code sha256}. */
    public void awaitObject(String key, String sha256, Duration atMost) {
        Awaitility.await("object " + key).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> remote.exists(BUCKET, key) && remote.sha256(BUCKET, key).equals(sha256));
    }

    @Override
    public void close() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        // Keep the daemon's logs where a failed run can be read after the temp folder is gone.
        Path keep = Files.createDirectories(Path.of("target", "daemon-logs", dir.getFileName().toString()));
        try (var logs = Files.newDirectoryStream(dir, "daemon-*.log")) {
            for (Path log : logs) {
                Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        remote.close();
    }
}
