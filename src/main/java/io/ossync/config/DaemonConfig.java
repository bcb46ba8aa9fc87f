package io.ossync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The daemon's whole configuration, validated: see {@link ConfigLoader} and conf/ossync.yaml.
 *
 * @param source the file it was read from
 * @param target where objects go
 * @param state the SQLite state database, absolute, outside every watched folder
 * @param watches the watched folders, at least one, none inside another
 * @param upload how uploads run
 * @param rescanInterval how often every folder is walked in full (events are only hints)
 * @param rescanPaced true when {@code rescan-interval} was left to its default: a large tree's
 *        periodic rescan is then paced by the walk's CPU time; an interval the operator set is kept
 * @param shutdownTimeout how long in-flight uploads get to finish on stop
 * @param orphanAge how old an unknown multipart upload under a watch's prefix must be before the
 *        start-up sweep aborts it
 * @param metrics where the metrics endpoint listens, if anywhere
 */
public record DaemonConfig(Path source, TargetConfig target, Path state, List<WatchConfig> watches,
                           UploadConfig upload, Duration rescanInterval, boolean rescanPaced, Duration shutdownTimeout,
                           Duration orphanAge, Optional<MetricsConfig> metrics) {

    public static final Path DEFAULT_STATE = Path.of("/var/lib/ossync/state.db");
    public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ORPHAN_AGE = Duration.ofHours(24);

    public DaemonConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(rescanInterval, "rescanInterval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(orphanAge, "orphanAge");
        Objects.requireNonNull(metrics, "metrics");
        watches = List.copyOf(watches);
        if (watches.isEmpty()) {
            throw new IllegalArgumentException("no watched folder");
        }
    }

    /**
     * Where the embedded emulator keeps its buckets when {@code target.endpoint} is
     * {@code embedded}: the state database's folder, so objects of bucket B land in
     * {@code <that folder>/B}.
     */
    public Path embeddedStorageRoot() {
        return state.getParent();
    }
}
