package io.ossync.queue;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes workers waiting for jobs, within this process. A counter of signals closes the gap between
 * a worker finding no work and starting to wait: it reads the counter first, and a signal given in
 * between makes its wait return at once. Never held while the database is used, so it cannot
 * deadlock with a transaction.
 */
final class WorkSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long signals;

    /** The number of signals so far: pass it to {@link #await} to miss none given after this call. */
    long signals() {
        lock.lock();
        try {
            return signals;
        } finally {
            lock.unlock();
        }
    }

    /** New work for one worker. */
    void signalOne() {
        lock.lock();
        try {
            signals++;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** New work for many, or a reason for every waiter to look again. */
    void signalAll() {
        lock.lock();
        try {
            signals++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a signal after {@code seen} or until {@code timeout} passes.
     *
     * @return true when signalled, false when the time ran out
     */
    boolean await(long seen, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (signals == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return signals != seen;
        } finally {
            lock.unlock();
        }
    }
}
