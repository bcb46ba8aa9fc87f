package io.ossync.status;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.ledger.Ledger;
import io.ossync.queue.JobQueue;
import io.ossync.queue.JobState;
import io.ossync.roots.RootRecords;
import io.ossync.state.StateDatabase;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link StatusReport} from the state database through the queue, checkpoint and ledger
 * APIs, reading only.
 *
 * <p>Assumptions: {@code database} may be opened read-only ({@link StateDatabase#openReadOnly}) while
 * the daemon writes it; in WAL mode a reader never waits for the writer and never blocks it. Each
 * section is its own short read transaction, so sections may be a few milliseconds apart while the
 * daemon works (a job may finish between the counts and the list of uploads); each section in
 * itself is consistent (a checkpoint is read with its parts in one snapshot).
 */
public final class StatusReader {

    /** How many of the latest failures a report carries. */
    public static final int FAILURES_SHOWN = 10;

    private final StateDatabase database;
    private final Clock clock;

    public StatusReader(StateDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public StatusReport read() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Clock fixed = Clock.fixed(now, clock.getZone());
        JobQueue queue = new JobQueue(database, fixed);
        Ledger ledger = new Ledger(database, fixed);
        Map<JobState, Long> counts = queue.countByState();
        StatusReport.JobCounts jobs = new StatusReport.JobCounts(counts.get(JobState.PENDING),
                counts.get(JobState.RUNNING), counts.get(JobState.SET_ASIDE), queue.oldestPendingAge());
        return new StatusReport(database.file(), database.schemaVersion(), now, jobs,
                new CheckpointStore(database, fixed).all().stream().map(InFlightUpload::of).toList(),
                queue.recentFailures(FAILURES_SHOWN), queue.setAside(),
                new StatusReport.LedgerSummary(ledger.count(), ledger.lastUploadAt()),
                database.schemaVersion() >= RootRecords.SCHEMA ? new RootRecords(database).held() : List.of(),
                new CredentialsRecords(database).read());
    }
}
