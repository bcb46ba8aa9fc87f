package io.ossync.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} whose time is a {@link MutableClock}: nothing runs until the
 * test calls {@link #advance} or {@link #runDue}, and then the due tasks run on the test's thread,
 * in order of due time, then of submission (as a single-threaded scheduler runs them). A task due
 * at an instant sees the clock at that instant. So code that takes "a clock and a scheduler" is
 * tested by moving time, not by sleeping and hoping a thread keeps pace.
 *
 * <p>Tasks may be submitted from any thread (a real watcher or scan thread, say); they wait for the
 * test to run them. After {@link #shutdown} nothing more is accepted or run (as a
 * {@code ScheduledThreadPoolExecutor} that drops its delayed tasks on shutdown).
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final MutableClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long submitted;
    private boolean shutdown;

    public ManualScheduler(MutableClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The clock this scheduler runs on. */
    public MutableClock clock() {
        return clock;
    }

    /**
     * Moves the clock forward by {@code by}, running every task that comes due on the way, each at
     * its due instant; ends with the clock at now + {@code by}.
     */
    public void advance(Duration by) {
        Instant target = clock.instant().plus(by);
        for (Task<?> task = nextDueBy(target); task != null; task = nextDueBy(target)) {
            if (task.due.isAfter(clock.instant())) {
                clock.set(task.due);
            }
            task.runOnce();
        }
        clock.set(target);
    }

    /** Runs the tasks due now (and those they submit for now), without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** How many tasks wait, due or not. */
    public synchronized int pending() {
        return queue.size();
    }

    private synchronized Task<?> nextDueBy(Instant target) {
        Task<?> head = queue.peek();
        if (head == null || head.due.isAfter(target)) {
            return null;
        }
        return queue.poll();
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("manual scheduler is shut down");
        }
        task.sequence = submitted++;
        queue.add(task);
        return task;
    }

    private Instant dueIn(long delay, TimeUnit unit) {
        return clock.instant().plusNanos(Math.max(0, unit.toNanos(delay)));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<>(Executors.callable(command), dueIn(delay, unit), null, false));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, dueIn(delay, unit), null, false));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(new Task<>(Executors.callable(command), dueIn(initialDelay, unit),
                Duration.ofNanos(unit.toNanos(period)), true));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return enqueue(new Task<>(Executors.callable(command), dueIn(initialDelay, unit),
                Duration.ofNanos(unit.toNanos(delay)), false));
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        queue.clear();
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private synchronized void cancelled(Task<?> task) {
        queue.remove(task);
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {

        private final Duration period;
        private final boolean fixedRate;
        private Instant due;
        private long sequence;

        Task(Callable<V> callable, Instant due, Duration period, boolean fixedRate) {
            super(callable);
            this.due = due;
            this.period = period;
            this.fixedRate = fixedRate;
        }

        void runOnce() {
            if (period == null) {
                run();
                return;
            }
            Instant started = clock.instant();
            if (runAndReset()) {
                due = fixedRate ? due.plus(period) : started.plus(period);
                try {
                    enqueue(this);
                } catch (RejectedExecutionException e) {
                    cancel(false);
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                cancelled(this);
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due).toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            int byDue = due.compareTo(o.due);
            return byDue != 0 ? byDue : Long.compare(sequence, o.sequence);
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            if (!isDone()) {
                throw new IllegalStateException("a manual scheduler's task is done only once the test runs it");
            }
            return super.get();
        }
    }
}
