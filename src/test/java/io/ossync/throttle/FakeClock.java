package io.ossync.throttle;

import java.util.ArrayList;
import java.util.List;

/** Time that moves only when someone sleeps (plus a fixed oversleep, to mimic a real scheduler). */
final class FakeClock implements MonotonicClock {

    private final long oversleepNanos;
    private final List<Long> sleeps = new ArrayList<>();
    private long now;

    FakeClock(long startNanos, long oversleepNanos) {
        this.now = startNanos;
        this.oversleepNanos = oversleepNanos;
    }

    FakeClock() {
        this(1_000_000_000_000L, 0);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(nanos);
        now += nanos + oversleepNanos;
    }

    void advance(long nanos) {
        now += nanos;
    }

    List<Long> sleeps() {
        return sleeps;
    }
}
