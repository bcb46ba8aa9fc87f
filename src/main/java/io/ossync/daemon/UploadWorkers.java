package io.ossync.daemon;

import io.ossync.queue.Job;
import io.ossync.queue.JobQueue;
import io.ossync.resilience.StoreAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The worker pool: {@code workers} threads, each taking the next due job from the queue (claimed
 * a batch at a time, see {@link ClaimedJobs}) and running it to its end. A failing job never stops a worker; while the store's circuit is open,
 * workers pause instead of spinning. On stop, no new job is taken, the
 * workers are interrupted (uploads stop starting parts; parts in flight finish, their rows are
 * kept) and given the shutdown timeout; what is left resumes at the next start.
 */
final class UploadWorkers {

    private static final Logger log = LoggerFactory.getLogger(UploadWorkers.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    /** Jobs claimed in one transaction: enough to share the claim's cost, few enough to keep order. */
    static final int CLAIM_BATCH = 32;

    private final JobQueue queue;
    private final ClaimedJobs claimed;
    private final JobRunner runner;
    private final StoreAvailability availability;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    UploadWorkers(int workers, JobQueue queue, JobRunner runner, StoreAvailability availability) {
        this.queue = queue;
        this.claimed = new ClaimedJobs(queue, CLAIM_BATCH);
        this.runner = runner;
        this.availability = availability;
        for (int i = 1; i <= workers; i++) {
            Thread t = new Thread(this::work, "ossync-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() {
        running = true;
        threads.forEach(Thread::start);
    }

    private void work() {
        while (running) {
            try {
                // While the endpoint is down, jobs wait in the queue instead of failing one by one.
                if (!availability.awaitAvailable(IDLE_WAIT)) {
                    continue;
                }
                Optional<Job> job = claimed.next();
                if (job.isPresent()) {
                    runClaimed(job.get());
                } else {
                    queue.awaitWork(IDLE_WAIT);
                }
            } catch (InterruptedException e) {
                if (running) {
                    Thread.interrupted();
                }
            } catch (RuntimeException e) {
                // The state database failing (disk full...): wait instead of spinning, keep the worker.
                log.error("worker error, pausing worker={} error=\"{}\"", Thread.currentThread().getName(), e.toString());
                sleepQuietly(IDLE_WAIT.multipliedBy(5));
            }
        }
    }

    /**
     * Runs a claimed job. The runner records every outcome itself; when that record fails (the
     * state database cannot take a write: disk full, read-only...) the job would stay RUNNING
     * until the next start, so it is given back here as soon as the database takes writes again.
     */
    private void runClaimed(Job job) {
        try {
            runner.run(job);
        } catch (RuntimeException e) {
            log.error("job outcome not recorded, giving the job back once the state database takes writes "
                    + "path={} error=\"{}\"", job.path(), e.toString());
            while (running) {
                sleepQuietly(IDLE_WAIT.multipliedBy(5));
                try {
                    queue.release(job.id());
                    log.info("job given back after a state database failure path={}", job.path());
                    return;
                } catch (RuntimeException again) {
                    log.debug("job still not given back path={} error=\"{}\"", job.path(), again.toString());
                }
            }
        }
    }

    /** Stops taking jobs and waits up to {@code timeout} for the ones running. */
    void stop(Duration timeout) {
        running = false;
        queue.wakeAll();
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                log.warn("worker still busy at shutdown timeout worker={} (its upload resumes at next start)", t.getName());
            }
        }
        int released = claimed.releaseAll();
        if (released > 0) {
            log.debug("claimed jobs given back at stop count={}", released);
        }
    }

    private void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
