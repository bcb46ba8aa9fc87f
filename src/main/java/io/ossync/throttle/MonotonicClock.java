package io.ossync.throttle;

import java.util.concurrent.TimeUnit;

/** Monotonic time and sleeping, so that the limiter's arithmetic can be tested with a fake. */
interface MonotonicClock {

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    MonotonicClock SYSTEM = new MonotonicClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };
}
