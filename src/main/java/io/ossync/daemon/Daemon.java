package io.ossync.daemon;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.config.DaemonConfig;
import io.ossync.config.UploadConfig;
import io.ossync.ledger.Ledger;
import io.ossync.queue.JobBackoff;
import io.ossync.queue.JobQueue;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateLock;
import io.ossync.store.OssClientTuning;
import io.ossync.upload.PartSizeSetting;
import io.ossync.upload.RequestRetry;
import io.ossync.upload.UploadEngine;
import io.ossync.upload.UploadListener;
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

/**
 * The daemon: wires everything by hand and owns the start and stop order.
 *
 * <p>Start: lock the state database (a second instance fails at once), open it, connect the
 * target, return jobs a crash left running to the queue, start the workers, then the intake
 * (whose start scan reconciles every folder with the ledger). Stop: the intake first (no new
 * work), then the workers within the shutdown timeout, then the target and the database.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final StateLock lock;
    private final StateDatabase db;
    private final TargetConnection target;
    private final UploadWorkers workers;
    private final FolderIntake intake;
    private final JobQueue queue;

    private Daemon(DaemonConfig config, StateLock lock, StateDatabase db, TargetConnection target,
                   JobQueue queue, UploadWorkers workers, FolderIntake intake) {
        this.config = config;
        this.lock = lock;
        this.db = db;
        this.target = target;
        this.queue = queue;
        this.workers = workers;
        this.intake = intake;
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
        StateDatabase db = null;
        TargetConnection target = null;
        try {
            db = StateDatabase.open(config.state());
            target = TargetConnection.open(config, env, OssClientTuning.DEFAULT);
            List<WatchBinding> watches = new ArrayList<>();
            for (int i = 0; i < config.watches().size(); i++) {
                watches.add(WatchBinding.of(i, config.watches().get(i)));
            }
            JobQueue queue = new JobQueue(db, clock);
            Ledger ledger = new Ledger(db, clock);
            CheckpointStore checkpoints = new CheckpointStore(db, clock);
            int recovered = queue.recoverRunning();
            if (recovered > 0) {
                log.info("jobs resumed after an unclean stop count={}", recovered);
            }
            UploadConfig up = config.upload();
            PartSizeSetting partSize = up.partSize().isPresent()
                    ? new PartSizeSetting.Fixed(up.partSize().getAsLong()) : new PartSizeSetting.Auto();
            UploadEngine engine = new UploadEngine(target.store(), checkpoints, RequestRetry.DEFAULT);
            JobRunner runner = new JobRunner(watches, config.target().bucket(), queue, ledger, checkpoints,
                    target.store(), engine, partSize, up.routines(), JobBackoff.standard(), UploadListener.NONE);
            UploadWorkers workers = new UploadWorkers(up.workers(), queue, runner);
            JobIntake jobs = new JobIntake(watches, queue, ledger);
            List<WatchRoot> roots = watches.stream().map(WatchBinding::root).toList();
            FolderIntake intake = new FolderIntake(roots, jobs, jobs,
                    new IntakeSettings(config.rescanInterval(), Duration.ofMinutes(1), Duration.ofSeconds(5)), clock);
            Daemon daemon = new Daemon(config, lock, db, target, queue, workers, intake);
            workers.start();
            intake.start();
            log.info("ossync started state={} target={} watches={} workers={} routines={}", config.state(),
                    config.target().describe(), roots.size(), up.workers(), up.routines());
            return daemon;
        } catch (IOException | RuntimeException e) {
            closeQuietly(target);
            closeQuietly(db);
            closeQuietly(lock);
            throw e;
        }
    }

    /** Jobs pending or running. */
    public long queueDepth() {
        return queue.depth();
    }

    /** Stops intake, lets running uploads finish within the shutdown timeout, closes everything. */
    @Override
    public void close() {
        log.info("ossync stopping shutdown_timeout={}", config.shutdownTimeout());
        closeQuietly(intake);
        workers.stop(config.shutdownTimeout());
        closeQuietly(target);
        closeQuietly(db);
        closeQuietly(lock);
        log.info("ossync stopped");
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
