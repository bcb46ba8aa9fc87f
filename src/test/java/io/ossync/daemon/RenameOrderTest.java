package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.LedgerEntry;
import io.ossync.queue.Job;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.queue.JobRequest;
import io.ossync.queue.JobState;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** logrotate's order of events against a real queue: the renamed file's copy comes first. */
class RenameOrderTest {

    private static final Path WATCH = Path.of("/var/log/app");
    private static final Path LOG = WATCH.resolve("app.log");
    private static final Path ROTATED = WATCH.resolve("app.log.1");
    private static final FileIdentity OLD = new FileIdentity(300_000, 1_765_000_000_000_000_000L, "(dev=1,ino=10)");
    private static final FileIdentity NEW = new FileIdentity(20, 1_765_000_100_000_000_000L, "(dev=1,ino=11)");
    private static final LedgerEntry OLD_ENTRY = new LedgerEntry(LOG, "bucket", "logs/app.log", OLD, 42,
            Instant.parse("2026-12-07T09:00:00Z"));

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private JobQueue queue;
    private RenameOrder order;

    @BeforeEach
    void open() {
        queue = new JobQueue(state.database(), clock);
        order = new RenameOrder(queue, clock);
    }

    @Test
    void theNewLogWaitsWhileTheRotatedOneIsToBeCopiedFromItsObject() {
        queue.enqueueAll(List.of(JobRequest.upload(ROTATED, WATCH, OLD)));

        assertThat(order.beforeReplacing(LOG, OLD_ENTRY, NEW)).contains(RenameOrder.RECHECK);

        Job copy = queue.claim().orElseThrow();
        assertThat(order.beforeReplacing(LOG, OLD_ENTRY, NEW)).as("still running").contains(RenameOrder.RECHECK);
        queue.done(copy.id());
        assertThat(order.beforeReplacing(LOG, OLD_ENTRY, NEW)).as("copied: the object may be replaced").isEmpty();
    }

    @Test
    void theSameFileGrownIsNoReplacementAndNeverWaits() {
        queue.enqueueAll(List.of(JobRequest.upload(ROTATED, WATCH, OLD)));
        FileIdentity grown = new FileIdentity(OLD.size() + 10, OLD.mtimeNanos() + 1, OLD.fileKey());
        assertThat(order.beforeReplacing(LOG, OLD_ENTRY, grown)).isEmpty();
    }

    @Test
    void aDeleteWaitsForTheRenamesSecondHalfThenForItsCopy() {
        queue.enqueue(LOG, WATCH, JobKind.DELETE);
        Job delete = queue.claim().orElseThrow();

        assertThat(order.beforeForgetting(delete, List.of(OLD_ENTRY))).contains(RenameOrder.RENAME_GRACE);
        clock.advance(Duration.ofMillis(1500));
        assertThat(order.beforeForgetting(delete, List.of(OLD_ENTRY))).contains(Duration.ofMillis(500));

        clock.advance(Duration.ofMillis(600));
        queue.enqueueAll(List.of(JobRequest.upload(ROTATED, WATCH, OLD)));
        assertThat(order.beforeForgetting(delete, List.of(OLD_ENTRY))).contains(RenameOrder.RECHECK);

        queue.done(queue.claim().orElseThrow().id());
        assertThat(order.beforeForgetting(delete, List.of(OLD_ENTRY))).isEmpty();
    }

    @Test
    void withoutFileKeysNoRenameIsWaitedFor() {
        FileIdentity keyless = new FileIdentity(OLD.size(), OLD.mtimeNanos(), null);
        LedgerEntry entry = new LedgerEntry(LOG, "bucket", "logs/app.log", keyless, 42, Instant.EPOCH);
        queue.enqueue(LOG, WATCH, JobKind.DELETE);
        queue.enqueueAll(List.of(JobRequest.upload(ROTATED, WATCH, keyless)));
        Job delete = queue.job(LOG).orElseThrow();
        assertThat(order.beforeForgetting(delete, List.of(entry))).isEmpty();
        FileIdentity replacedSameSize = new FileIdentity(OLD.size(), NEW.mtimeNanos(), null);
        assertThat(order.beforeReplacing(LOG, entry, replacedSameSize)).isEmpty();
    }

    @Test
    void theRotatedLogStillWrittenAfterItsRenameIsWaitedForByItsFileKey() {
        FileIdentity grownSinceRename = new FileIdentity(OLD.size() + 4096, OLD.mtimeNanos() + 5, OLD.fileKey());
        queue.enqueueAll(List.of(JobRequest.upload(ROTATED, WATCH, grownSinceRename)));
        assertThat(order.beforeReplacing(LOG, OLD_ENTRY, NEW)).contains(RenameOrder.RECHECK);
    }

    @Test
    void aTruncatedLogWaitsWhileAFileOfItsObjectsSizeWaitsMaybeItsCopy() {
        FileIdentity copy = new FileIdentity(OLD.size(), OLD.mtimeNanos(), "(dev=1,ino=99)");
        FileIdentity truncated = new FileIdentity(0, NEW.mtimeNanos(), OLD.fileKey());
        queue.enqueueAll(List.of(JobRequest.upload(ROTATED, WATCH, copy)));
        assertThat(order.beforeReplacing(LOG, OLD_ENTRY, truncated)).contains(RenameOrder.RECHECK);
    }

    @Test
    void aPostponedJobCountsNoAttemptAndComesBackWhenDue() {
        queue.enqueue(LOG, WATCH, JobKind.DELETE);
        Job delete = queue.claim().orElseThrow();
        queue.postpone(delete.id(), "waits", Duration.ofSeconds(2));

        Job after = queue.job(LOG).orElseThrow();
        assertThat(after.state()).isEqualTo(JobState.PENDING);
        assertThat(after.attempts()).isZero();
        assertThat(queue.recentFailures(10)).isEmpty();
        assertThat(queue.claim()).as("not due yet").isEqualTo(Optional.empty());
        clock.advance(Duration.ofSeconds(2));
        assertThat(queue.claim()).isPresent();
    }
}
