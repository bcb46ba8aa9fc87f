package io.ossync.daemon;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.config.DaemonConfig;
import io.ossync.config.UploadConfig;
import io.ossync.ledger.Ledger;
import io.ossync.metrics.HealthChecks;
import io.ossync.roots.RootRecords;
import io.ossync.metrics.MetricsServer;
import io.ossync.metrics.OssyncMetrics;
import io.ossync.resilience.BreakerSettings;
import io.ossync.resilience.CircuitBreakingObjectStore;
import io.ossync.resilience.ErrorLogThrottle;
import io.ossync.resilience.OrphanSweep;
import io.ossync.throttle.BandwidthLimiter;
import io.ossync.watch.RootMode;
import io.ossync.queue.JobBackoff;
import io.ossync.queue.JobQueue;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateFileWatch;
import io.ossync.state.StateLock;
import io.ossync.status.CredentialsRecord;
import io.ossync.status.CredentialsRecords;
import io.ossync.store.OssClientTuning;
import io.ossync.store.RefreshingCredentialsProvider;
import io.ossync.upload.PartSizeSetting;
import io.ossync.upload.RequestRetry;
import io.ossync.upload.UploadEngine;
import io.ossync.util.StoredPaths;
import io.ossync.watch.FolderIntake;
import io.ossync.watch.IntakeSettings;
import io.ossync.watch.WatchRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The daemon: wires everything by hand and owns the start and stop order.
 *
 * <p>Start: lock the state database (a second instance fails at once), open it, connect the
 * target, return jobs a crash left running to the queue, drop the jobs of watches no longer
 * configured, start the workers, then the intake (whose start scan reconciles every folder with
 * the ledger). Stop: the intake first (no new
 * work), then the workers within the shutdown timeout, then the target and the database. While it
 * runs, the state database and its lock file are watched: deleted or replaced, they make
 * {@link #stateLost()} complete, and whoever runs the daemon stops it.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private static final Duration ORPHAN_SWEEP_INTERVAL = Duration.ofHours(6);

    private final DaemonConfig config;
    private final List<AutoCloseable> resources;
    private final UploadWorkers workers;
    private final FolderIntake intake;
    private final OptionalInt metricsPort;
    private final CompletionStage<String> stateLost;

    private Daemon(DaemonConfig config, List<AutoCloseable> resources, UploadWorkers workers,
                   FolderIntake intake, OptionalInt metricsPort, CompletionStage<String> stateLost) {
        this.config = config;
        this.resources = List.copyOf(resources);
        this.workers = workers;
        this.intake = intake;
        this.metricsPort = metricsPort;
        this.stateLost = stateLost;
    }

    /**
     * Starts a daemon on {@code config}.
     *
     * @throws io.ossync.state.StateDatabaseException when the state database is held by another
     *         ossync, or is not ours
     * @throws IOException when the embedded target cannot start
     */
    public static Daemon start(DaemonConfig config, Map<String, String> env, Clock clock) throws IOException {
        StateLock lock = StateLock.acquire(config.state());
        List<AutoCloseable> opened = new ArrayList<>();
        opened.add(lock);
        try {
            StateDatabase db = StateDatabase.open(config.state());
            opened.add(db);
            CompletableFuture<String> stateLost = new CompletableFuture<>();
            StateFileWatch stateWatch = new StateFileWatch(List.of(db.opened(), lock.locked()), loss -> {
                db.refuseWrites(loss.describe());
                stateLost.complete(loss.describe());
            });
            opened.add(stateWatch);
            UploadConfig up = config.upload();
            OssClientTuning tuning = OssClientTuning.DEFAULT.withBandwidth(BandwidthLimiter.of(up.maxBandwidth()));
            TargetConnection target = TargetConnection.open(config, env, tuning);
            opened.add(target);
            OssyncMetrics metrics = new OssyncMetrics(clock);
            CircuitBreakingObjectStore store = new CircuitBreakingObjectStore(target.store(), BreakerSettings.DEFAULT,
                    new ErrorLogThrottle(clock), clock);
            metrics.bindCircuitBreaker(store.availability().breaker());
            metrics.credentialsExpiryFrom(() -> target.credentials().state().expiry());
            CredentialsRecords credentialsRecords = new CredentialsRecords(db);
            Consumer<RefreshingCredentialsProvider.State> recordCredentials = s -> credentialsRecords.write(
                    new CredentialsRecord(s.source(), s.expiry(), s.problem(), s.problemSince(), clock.instant()));

            List<WatchBinding> watches = config.watches().stream().map(WatchBinding::of).toList();
            JobQueue queue = new JobQueue(db, clock);
            // A job refused for want of credentials waits as after an access error (minutes): once
            // the source answers again, the waiting jobs are due at once.
            AtomicBoolean credentialsFailing = new AtomicBoolean(target.credentials().problem().isPresent());
            target.credentials().onChange(s -> {
                recordCredentials.accept(s);
                boolean failing = s.problem().isPresent();
                if (credentialsFailing.getAndSet(failing) && !failing) {
                    int due = queue.retryWaitingNow();
                    log.info("credentials back: waiting jobs due now count={}", due);
                }
            });
            recordCredentials.accept(target.credentials().state());
            Ledger ledger = new Ledger(db, clock);
            CheckpointStore checkpoints = new CheckpointStore(db, clock);
            metrics.queueDepthFrom(queue::depth);
            int recovered = queue.recoverRunning();
            if (recovered > 0) {
                log.info("jobs resumed after an unclean stop count={}", recovered);
            }
            if (StoredPaths.fileNameEncodingIsUtf8()) {
                int stale = queue.dropUnrepresentable();
                if (stale > 0) {
                    log.info("set-aside jobs dropped: file names are decoded as UTF-8 now, the scan finds "
                            + "those files under their real names count={}", stale);
                }
            }
            new UnconfiguredWatchJobs(queue, new UploadAbandonment(checkpoints, store))
                    .drop(watches.stream().map(WatchBinding::folder).toList());
            UploadedVersions uploaded = UploadedVersions.load(ledger, watches);
            log.info("ledger loaded files={}", uploaded.size());
            PartSizeSetting partSize = up.partSize().isPresent()
                    ? new PartSizeSetting.Fixed(up.partSize().getAsLong()) : new PartSizeSetting.Auto();
            UploadEngine engine = new UploadEngine(store, checkpoints, RequestRetry.DEFAULT.withOnRetry(metrics::retried));
            // Closed before the database (resources close in reverse): what it holds is committed first.
            GroupCommitter committer = new GroupCommitter(db, GroupCommitter.MAX_GROUP, GroupCommitter.LINGER);
            opened.add(committer);
            UploadLog uploadLog = new UploadLog(clock);
            JobRunner runner = new JobRunner(watches, config.target().bucket(), queue, ledger, checkpoints,
                    store, engine, partSize, up.routines(), JobBackoff.standard(), metrics, uploaded, committer,
                    uploadLog, clock);
            UploadWorkers workers = new UploadWorkers(up.workers(), queue, runner, store.availability());
            DeletionGuard deletions = new DeletionGuard(new RootRecords(db), watches, clock);
            JobIntake jobs = new JobIntake(queue, uploaded, deletions);
            List<WatchRoot> roots = watches.stream().map(WatchBinding::root).toList();
            FolderIntake intake = new FolderIntake(roots, jobs, jobs, new LedgerRenames(ledger, config.target().bucket(), uploaded),
                    new IntakeSettings(config.rescanInterval(), pollInterval(config.rescanInterval()), Duration.ofSeconds(5),
                            config.rescanPaced()),
                    clock);
            opened.add(intake);

            ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ossync-maintenance");
                t.setDaemon(true);
                return t;
            });
            opened.add(maintenance::shutdownNow);
            OrphanSweep.of(config, store, checkpoints, clock).scheduleOn(maintenance, ORPHAN_SWEEP_INTERVAL);
            maintenance.scheduleAtFixedRate(uploadLog, 1, 1, TimeUnit.SECONDS);

            MetricsServer metricsServer = null;
            if (config.metrics().isPresent()) {
                HealthChecks health = new HealthChecks();
                health.register("watcher running", () -> intake.modes().values().stream()
                        .allMatch(m -> m == RootMode.MISSING) ? Optional.of("no watched folder is being followed") : Optional.empty());
                health.register("state database in place", stateWatch::problem);
                health.register("state database writable", new DatabaseWritable(db));
                health.register("deletions not held", deletions::problem);
                health.register("credentials fresh", () -> target.credentials().problem());
                health.register("store reachable", () -> store.availability().available()
                        ? Optional.empty() : Optional.of("circuit open: the endpoint keeps failing"));
                metricsServer = MetricsServer.start(config.metrics().get(), metrics, health);
                opened.add(metricsServer);
                log.info("metrics listening on http://{}:{}/metrics", config.metrics().get().host(), metricsServer.port());
            }

            OptionalInt metricsPort = metricsServer == null ? OptionalInt.empty() : OptionalInt.of(metricsServer.port());
            Daemon daemon = new Daemon(config, opened, workers, intake, metricsPort, stateLost);
            stateWatch.start(StateFileWatch.DEFAULT_INTERVAL);
            committer.start();
            workers.start();
            intake.start();
            RefreshingCredentialsProvider.State creds = target.credentials().state();
            log.info("ossync started state={} target={} watches={} workers={} routines={} credentials=\"{}\" "
                            + "credentials_expiry={}{}", config.state(), config.target().describe(), roots.size(),
                    up.workers(), up.routines(), creds.source(), creds.expiry().map(Object::toString).orElse("none"),
                    creds.problem().map(p -> " credentials_problem=\"" + p + "\"").orElse(""));
            return daemon;
        } catch (IOException | RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                closeQuietly(opened.get(i));
            }
            throw e;
        }
    }

    /** The port the metrics endpoint listens on (the real one when the config asked for 0); empty without one. */
    public OptionalInt metricsPort() {
        return metricsPort;
    }

    /**
     * Completes, with the reason, when the state database or its lock file was deleted or
     * replaced ({@link StateFileWatch}): writes are refused from then on and the daemon must be
     * stopped ({@link #close()}); a restart opens a fresh database. Never completes otherwise.
     */
    public CompletionStage<String> stateLost() {
        return stateLost;
    }

    /** Stops intake, lets running uploads finish within the shutdown timeout, closes everything. */
    @Override
    public void close() {
        log.info("ossync stopping shutdown_timeout={}", config.shutdownTimeout());
        closeQuietly(intake);
        workers.stop(config.shutdownTimeout());
        for (int i = resources.size() - 1; i >= 0; i--) {
            if (resources.get(i) != intake) {
                closeQuietly(resources.get(i));
            }
        }
        log.info("ossync stopped");
    }

    /**
     * How often a root that cannot be watched (inotify watches ran out) is walked: every minute, or as often as
     * the watched roots are rescanned when {@code rescan-interval} is shorter (a polled root is never walked less
     * often than a watched one).
     */
    static Duration pollInterval(Duration rescanInterval) {
        Duration minute = Duration.ofMinutes(1);
        return rescanInterval.compareTo(minute) < 0 ? rescanInterval : minute;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("error while closing component={} error=\"{}\"", c.getClass().getSimpleName(), e.toString());
        }
    }
}
