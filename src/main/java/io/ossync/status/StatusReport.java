package io.ossync.status;

import io.ossync.queue.Failure;
import io.ossync.queue.Job;
import io.ossync.roots.RootRecord;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code ossync status} shows: a picture of the state database taken at {@code generatedAt}.
 * Pure data: {@link StatusReader} builds it, a {@link StatusFormatter} prints it.
 *
 * @param stateDatabase  the absolute path of the state database read
 * @param schemaVersion  its schema version ({@code user_version})
 * @param uploads        the checkpoints of multipart uploads in flight, oldest first
 * @param recentFailures the latest failed attempts, newest first
 * @param setAside       the jobs given up on until their file changes, oldest first
 * @param deletionsHeld  the roots whose deletions are held (replaced or mostly gone), by path
 * @param credentials    the daemon's credentials source and expiry as it last recorded them;
 *                       empty before a daemon of this version ran on the database
 */
public record StatusReport(Path stateDatabase, int schemaVersion, Instant generatedAt, JobCounts jobs,
                           List<InFlightUpload> uploads, List<Failure> recentFailures, List<Job> setAside,
                           LedgerSummary ledger, List<RootRecord> deletionsHeld,
                           Optional<CredentialsRecord> credentials) {

    /** A report without a credentials record. */
    public StatusReport(Path stateDatabase, int schemaVersion, Instant generatedAt, JobCounts jobs,
                        List<InFlightUpload> uploads, List<Failure> recentFailures, List<Job> setAside,
                        LedgerSummary ledger, List<RootRecord> deletionsHeld) {
        this(stateDatabase, schemaVersion, generatedAt, jobs, uploads, recentFailures, setAside, ledger, deletionsHeld,
                Optional.empty());
    }

    public StatusReport {
        Objects.requireNonNull(stateDatabase, "stateDatabase");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(ledger, "ledger");
        uploads = List.copyOf(uploads);
        recentFailures = List.copyOf(recentFailures);
        setAside = List.copyOf(setAside);
        deletionsHeld = List.copyOf(deletionsHeld);
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * The job queue by state.
     *
     * @param oldestPendingAge how long the oldest PENDING job has waited; empty when none is pending
     */
    public record JobCounts(long pending, long running, long setAside, Optional<Duration> oldestPendingAge) {
        public JobCounts {
            Objects.requireNonNull(oldestPendingAge, "oldestPendingAge");
        }
    }

    /**
     * The ledger of uploaded files. An entry is written only once the object's CRC-64 matched the
     * file's, so {@code lastUploadAt} is the time of the last verified upload.
     *
     * @param lastUploadAt empty when nothing was uploaded yet
     */
    public record LedgerSummary(long files, Optional<Instant> lastUploadAt) {
        public LedgerSummary {
            Objects.requireNonNull(lastUploadAt, "lastUploadAt");
        }
    }
}
