package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.queue.Job;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobQueue;
import io.ossync.queue.JobState;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committer of verified small files against a real queue and ledger. Its thread is not started
 * here: the tests take groups and commit them themselves, so nothing depends on timing.
 */
class GroupCommitterTest {

    private static final Path WATCH = Path.of("/data/in");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<String> after = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failed = Collections.synchronizedList(new ArrayList<>());
    private JobQueue queue;
    private Ledger ledger;

    @BeforeEach
    void open() {
        queue = new JobQueue(state.database(), clock);
        ledger = new Ledger(state.database(), clock);
    }

    /** {@code n} claimed upload jobs, each with what the runner hands over once its object is verified. */
    private List<GroupCommitter.Finished> finished(int n) {
        for (int i = 0; i < n; i++) {
            queue.enqueue(WATCH.resolve("f" + i), WATCH, JobKind.UPLOAD);
        }
        List<GroupCommitter.Finished> result = new ArrayList<>();
        for (Job job : queue.claim(n)) {
            String path = job.path().toString();
            result.add(new GroupCommitter.Finished(path, tx -> {
                ledger.record(tx, job.path(), "b", "k/" + job.path().getFileName(),
                        new FileIdentity(10, 1, "(dev=1,ino=1)"), 42);
                queue.done(tx, job.id());
            }, () -> after.add(path), e -> failed.add(path)));
        }
        return result;
    }

    private GroupCommitter committer(int maxGroup) {
        return new GroupCommitter(state.database(), maxGroup, Duration.ZERO);
    }

    @Test
    void handedOverFilesAreRecordedOnlyWhenTheirGroupCommits() throws Exception {
        GroupCommitter committer = committer(100);
        List<GroupCommitter.Finished> files = finished(5);
        files.forEach(committer::submit);

        assertThat(ledger.get(WATCH.resolve("f0"))).as("not recorded before the commit").isEmpty();
        assertThat(queue.job(WATCH.resolve("f0")).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        List<GroupCommitter.Finished> group = committer.nextGroup();
        assertThat(group).containsExactlyElementsOf(files);
        committer.commit(group);

        for (int i = 0; i < 5; i++) {
            assertThat(ledger.get(WATCH.resolve("f" + i))).isPresent();
            assertThat(queue.job(WATCH.resolve("f" + i))).isEmpty();
        }
        assertThat(after).containsExactly(files.stream().map(GroupCommitter.Finished::path).toArray(String[]::new));
        assertThat(failed).isEmpty();
    }

    @Test
    void aGroupHoldsAtMostItsMaximum() throws Exception {
        GroupCommitter committer = committer(2);
        finished(5).forEach(committer::submit);

        assertThat(committer.nextGroup()).hasSize(2);
        assertThat(committer.nextGroup()).hasSize(2);
        assertThat(committer.nextGroup()).hasSize(1);
    }

    @Test
    void oneRecordThatFailsDoesNotKeepTheOthersFromBeingRecorded() {
        GroupCommitter committer = committer(100);
        List<GroupCommitter.Finished> files = finished(3);
        Job second = queue.job(WATCH.resolve("f1")).orElseThrow();
        queue.release(second.id());   // no longer RUNNING: its done() throws

        committer.commit(files);

        assertThat(ledger.get(WATCH.resolve("f0"))).isPresent();
        assertThat(ledger.get(WATCH.resolve("f1"))).as("rolled back with its job's end").isEmpty();
        assertThat(ledger.get(WATCH.resolve("f2"))).isPresent();
        assertThat(failed).containsExactly(WATCH.resolve("f1").toString());
        assertThat(after).containsExactly(WATCH.resolve("f0").toString(), WATCH.resolve("f2").toString());
    }

    @Test
    void aRecordTheDatabaseRefusesIsTriedAgainLaterNotGivenUp() {
        GroupCommitter committer = committer(100);
        GroupCommitter.Finished file = finished(1).get(0);
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean(true);
        GroupCommitter.Finished refusedOnce = new GroupCommitter.Finished(file.path(), tx -> {
            if (full.getAndSet(false)) {
                throw new io.ossync.state.StateDatabaseException("database or disk is full");
            }
            file.record().run(tx);
        }, file.afterCommit(), file.notRecorded());

        committer.commit(List.of(refusedOnce));
        assertThat(ledger.get(WATCH.resolve("f0"))).isEmpty();
        assertThat(failed).isEmpty();

        assertThat(committer.retryUnrecorded()).isEqualTo(1);
        assertThat(ledger.get(WATCH.resolve("f0"))).isPresent();
        assertThat(after).containsExactly(file.path());
        assertThat(committer.retryUnrecorded()).isZero();
    }

    @Test
    void closeRecordsWhatIsWaitingAndLaterFilesAreRecordedAtOnce() {
        GroupCommitter committer = committer(100);
        List<GroupCommitter.Finished> files = finished(3);
        committer.submit(files.get(0));
        committer.submit(files.get(1));

        committer.close();
        assertThat(ledger.get(WATCH.resolve("f0"))).isPresent();
        assertThat(ledger.get(WATCH.resolve("f1"))).isPresent();

        committer.submit(files.get(2));
        assertThat(ledger.get(WATCH.resolve("f2"))).isPresent();
        assertThat(after).hasSize(3);
    }
}
