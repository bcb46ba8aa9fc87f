package io.ossync.throttle;

import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Caps the bytes per second of every stream it throttles, together (all workers share one
 * limiter). It schedules rather than polls: each {@link #acquire} reserves the next free slot of a
 * timeline that advances {@code bytes / rate} per reservation, then sleeps until its slot starts.
 * So there is no busy waiting, callers are served in the order they asked (fair between threads
 * that ask for similar amounts), and late wake-ups do not accumulate into a lower rate, because
 * slots are fixed on the timeline, not measured from when a sleeper woke.
 *
 * <p>Guarantees: over any window of T seconds, at most {@code rate x (T + 0.1 s)} bytes plus one
 * chunk per thread are handed out, and a steady reader gets the full rate. Idle time earns at most
 * {@link #BURST} of credit: enough to absorb sleep jitter, too little to burst after a pause. A
 * limiter of 0 bytes/s is unlimited and costs nothing: {@link #throttle} returns the stream itself.
 */
public final class BandwidthLimiter {

    /** How much unused time a reader may catch up on. */
    static final Duration BURST = Duration.ofMillis(100);
    /** Chunk ceiling: a 5 GiB part must never reserve 5 GiB at once. */
    static final int MAX_CHUNK = 64 * 1024;
    /** A chunk is at most this share of a second, so that one reader cannot hold the others long at low rates. */
    private static final int CHUNKS_PER_SECOND = 20;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bytesPerSecond;
    private final MonotonicClock clock;
    private final int chunkSize;
    private final long burstNanos = BURST.toNanos();
    /** Where the next reservation starts on the timeline; guarded by this. */
    private long nextFreeNanos;

    BandwidthLimiter(long bytesPerSecond, MonotonicClock clock) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth must be 0 (unlimited) or positive, not " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.chunkSize = (int) Math.max(1, Math.min(MAX_CHUNK, bytesPerSecond / CHUNKS_PER_SECOND));
        this.nextFreeNanos = clock.nanoTime();
    }

    /** A limiter of {@code bytesPerSecond} over all its users; 0 means unlimited (config {@code maxBandwidth}). */
    public static BandwidthLimiter of(long bytesPerSecond) {
        return new BandwidthLimiter(bytesPerSecond, MonotonicClock.SYSTEM);
    }

    public static BandwidthLimiter unlimited() {
        return of(0);
    }

    public boolean isUnlimited() {
        return bytesPerSecond == 0;
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** {@code in} paced by this limiter, or {@code in} itself when unlimited. */
    public InputStream throttle(InputStream in) {
        return isUnlimited() ? in : new ThrottledInputStream(in, this);
    }

    /**
     * Waits until {@code bytes} may be handed out. Callers pass at most {@link #chunkSize()} at a
     * time for smooth pacing; more is allowed and simply waits longer afterwards.
     *
     * @throws InterruptedException if interrupted while waiting (the reservation is not given back)
     */
    public void acquire(int bytes) throws InterruptedException {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count " + bytes);
        }
        if (isUnlimited() || bytes == 0) {
            return;
        }
        long waitNanos = reserve(bytes);
        if (waitNanos > 0) {
            clock.sleepNanos(waitNanos);
        }
    }

    /** The largest read a throttled stream asks for at once: 1/20 s of bandwidth, 64 KiB at most. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Takes the next slot for {@code bytes} and returns how long to wait until it starts. */
    synchronized long reserve(int bytes) {
        long now = clock.nanoTime();
        // differences, not comparisons, of nanoTime values: they may wrap
        if (nextFreeNanos - (now - burstNanos) < 0) {
            nextFreeNanos = now - burstNanos;
        }
        long start = nextFreeNanos;
        nextFreeNanos += costNanos(bytes);
        return start - now;
    }

    /** Rounded up, so that rounding can only slow down, by at most 1 ns a call. */
    private long costNanos(int bytes) {
        long scaled = bytes * NANOS_PER_SECOND; // bytes < 2^31, so this stays below 2^61
        return scaled / bytesPerSecond + (scaled % bytesPerSecond == 0 ? 0 : 1);
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : bytesPerSecond + " bytes/s";
    }
}
