package io.ossync.badinput;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ossync.config.ConfigLoader;
import io.ossync.config.DaemonConfig;
import io.ossync.config.MissingFolders;
import io.ossync.daemon.Daemon;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.RemoteObjects;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The daemon started in the test's own JVM on a YAML file written here, with the daemon's log
 * events captured (a logback appender on the root logger) so tests can assert on what it said.
 */
public final class InProcessDaemon implements AutoCloseable {

    public static final String BUCKET = EmulatorExtension.BUCKET;
    static final Map<String, String> ENV = Map.of("OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
            "OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET);

    private final Path config;
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final RemoteObjects remote;
    private Daemon daemon;

    /**
     * @param watchPath the watched folder (may not exist yet)
     * @param prefix    the watch's key prefix
     * @param extra     more YAML lines for the watch (indented by the caller's text block)
     */
    public InProcessDaemon(Path dir, String endpoint, Path watchPath, String prefix, String extra) throws IOException {
        this(dir, endpoint, watchPath, prefix, extra, dir.resolve("state/state.db"), "");
    }

    /** As above, with the state database at {@code stateDb} and {@code topLevel} YAML lines added. */
    InProcessDaemon(Path dir, String endpoint, Path watchPath, String prefix, String extra, Path stateDb,
                    String topLevel) throws IOException {
        this.config = dir.resolve("ossync.yaml");
        Files.writeString(config, """
                target: { endpoint: %s, region: cn-hangzhou, bucket: %s }
                state: %s
                watches:
                  - path: %s
                    prefix: "%s"
                    quiet-period: 200ms
                %s
                upload: { part-size: 1MiB, routines: 2, workers: 2 }
                rescan-interval: 1m
                shutdown-timeout: 5s
                %s
                """.formatted(endpoint, BUCKET, stateDb, watchPath, prefix,
                extra.indent(4).stripTrailing(), topLevel));
        Files.createDirectories(stateDb.getParent());
        this.remote = new RemoteObjects(endpoint, "cn-hangzhou", EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET);
    }

    Path config() {
        return config;
    }

    DaemonConfig load() throws Exception {
        return new ConfigLoader(ENV, () -> "host", MissingFolders.WARN).load(config).config();
    }

    public InProcessDaemon start() throws Exception {
        events.start();
        root().addAppender(events);
        daemon = Daemon.start(load(), ENV, Clock.systemUTC());
        return this;
    }

    public RemoteObjects remote() {
        return remote;
    }

    /** Every message logged since start, formatted, with its level. */
    public List<String> log() {
        synchronized (events) {   // the appender appends under its own lock
            return events.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    public void awaitLog(String fragment, Duration atMost) {
        Awaitility.await("log line containing " + fragment).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> log().stream().anyMatch(l -> l.contains(fragment)));
    }

    public void awaitObject(String key, String sha256, Duration atMost) {
        Awaitility.await("object " + key).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> remote.exists(BUCKET, key) && remote.sha256(BUCKET, key).equals(sha256));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
        }
        root().detachAppender(events);
        remote.close();
    }
}
