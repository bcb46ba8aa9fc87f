package io.ossync.queue;

import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claims of several jobs in one transaction, and what a crash leaves of them. */
class JobQueueBatchTest {

    private static final Path WATCH = Path.of("/data/in");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    private JobQueue queue() {
        return new JobQueue(state.database(), clock);
    }

    private static Path file(int i) {
        return WATCH.resolve("f" + i + ".bin");
    }

    @Test
    void aBatchIsTheOldestDueJobsInTheOrderSingleClaimsWouldGiveAndAllRunning() {
        JobQueue queue = queue();
        for (int i = 0; i < 5; i++) {
            queue.enqueue(file(i), WATCH, JobKind.UPLOAD);
            clock.advance(Duration.ofMillis(1));
        }
        Job third = queue.claim().orElseThrow();
        queue.retryLater(third.id(), "busy", Duration.ofMinutes(1));   // f0 backs off: not due

        List<Job> batch = queue.claim(3);

        assertThat(batch).extracting(Job::path).containsExactly(file(1), file(2), file(3));
        assertThat(batch).allSatisfy(j -> assertThat(queue.job(j.path()).orElseThrow().state()).isEqualTo(JobState.RUNNING));
        assertThat(queue.claim(10)).extracting(Job::path).containsExactly(file(4));
        assertThat(queue.claim(10)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(queue.claim(10)).extracting(Job::path).containsExactly(file(0));
    }

    @Test
    void aBatchNeedsARoomForOneJob() {
        assertThatThrownBy(() -> queue().claim(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchLeftClaimedByACrashIsRecoveredAndKnownAsRecoveredUntilDone() {
        JobQueue before = queue();
        for (int i = 0; i < 4; i++) {
            before.enqueue(file(i), WATCH, JobKind.UPLOAD);
        }
        List<Job> batch = before.claim(3);

        state.reopen();   // the process died with the batch claimed
        JobQueue after = queue();
        assertThat(after.recoverRunning()).isEqualTo(3);

        List<Job> again = after.claim(10);
        assertThat(again).extracting(Job::path).containsExactlyInAnyOrder(file(0), file(1), file(2), file(3));
        for (Job j : again) {
            boolean wasInBatch = batch.stream().anyMatch(b -> b.id() == j.id());
            assertThat(after.wasRecovered(j.id())).as(j.path().toString()).isEqualTo(wasInBatch);
        }
        Job recovered = batch.get(0);
        after.retryLater(recovered.id(), "failed", Duration.ZERO);
        assertThat(after.wasRecovered(recovered.id())).as("still to be looked for after a failed run").isTrue();
        after.claim(1);
        after.done(recovered.id());
        assertThat(after.wasRecovered(recovered.id())).isFalse();
    }
}
