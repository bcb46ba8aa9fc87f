package io.ossync.queue;

import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Workers on threads: waiting for work, being woken, claiming concurrently. */
class JobQueueWaitTest {

    private static final Duration LONG_WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-20T08:30:00Z"));
    StateDatabase db;
    JobQueue queue;
    ExecutorService workers = Executors.newCachedThreadPool();
    AtomicBoolean stop = new AtomicBoolean();

    @BeforeEach
    void open() {
        db = state.database();
        queue = new JobQueue(db, clock);
    }

    @AfterEach
    void close() throws InterruptedException {
        stop.set(true);
        queue.wakeAll();
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A worker as the daemon runs one: claim, and when nothing is due, wait for work. */
    private Future<?> worker(List<Job> claimed) {
        return workers.submit(() -> {
            while (!stop.get()) {
                var job = queue.claim();
                if (job.isPresent()) {
                    claimed.add(job.get());
                    queue.done(job.get().id());
                } else {
                    queue.awaitWork(LONG_WAIT);
                }
            }
            return null;
        });
    }

    @Test
    void aWaitingWorkerIsWokenPromptlyByAnEnqueue() {
        List<Job> claimed = new CopyOnWriteArrayList<>();
        worker(claimed);
        worker(claimed);
        Path a = dir.resolve("a.bin");

        for (int i = 0; i < 20; i++) {
            // Let the workers settle into their wait, then enqueue: only the signal can wake them.
            int before = claimed.size();
            sleepBriefly();
            queue.enqueue(a, dir, JobKind.UPLOAD);
            await().atMost(Duration.ofSeconds(5)).until(() -> claimed.size() == before + 1);
        }
        assertThat(claimed).hasSize(20).allSatisfy(job -> assertThat(job.path()).isEqualTo(a));
    }

    @Test
    void awaitWorkReturnsWhenABackedOffJobBecomesDue() throws Exception {
        queue.enqueue(dir.resolve("a.bin"), dir, JobKind.UPLOAD);
        queue.retryLater(queue.claim().orElseThrow().id(), "timeout", Duration.ofMillis(300));

        long start = System.nanoTime();
        queue.awaitWork(LONG_WAIT);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        // The clock stands still, so the wait is the 300 ms the job had left, not a minute.
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void awaitWorkReturnsAtOnceWhenAJobIsDue() throws Exception {
        queue.enqueue(dir.resolve("a.bin"), dir, JobKind.UPLOAD);
        var waiter = workers.submit(() -> {
            queue.awaitWork(LONG_WAIT);
            return null;
        });
        waiter.get(10, TimeUnit.SECONDS);
    }

    @Test
    void wakeAllEndsEveryWait() throws Exception {
        List<Future<?>> waiters = IntStream.range(0, 4).<Future<?>>mapToObj(i -> workers.submit(() -> {
            queue.awaitWork(LONG_WAIT);
            return null;
        })).toList();
        sleepBriefly();

        queue.wakeAll();

        for (Future<?> waiter : waiters) {
            waiter.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void concurrentWorkersClaimEveryJobExactlyOnce() {
        int jobs = 2_000;
        queue.enqueueAll(IntStream.range(0, jobs).mapToObj(i -> JobRequest.upload(dir.resolve("f" + i), dir)).toList());
        List<Job> claimed = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            worker(claimed);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> claimed.size() >= jobs);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        claimed.forEach(job -> ids.add(job.id()));
        assertThat(claimed).hasSize(jobs);
        assertThat(ids).hasSize(jobs);
        assertThat(queue.depth()).isZero();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
