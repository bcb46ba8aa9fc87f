package io.ossync.throttle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Measures {@link BandwidthLimiter} on the real clock, by hand: see bench/bandwidth.sh. Threads
 * drain endless streams through one limiter; a sampler reads the byte counts every 100 ms and the
 * report gives the overall rate, the worst 10 s and 1 s windows, and each thread's share.
 *
 * <p>Arguments: bytes per second (suffixes KiB, MiB), threads, seconds.
 */
public final class BandwidthBench {

    private static final long TICK_NANOS = 100_000_000L;

    private BandwidthBench() {
    }

    public static void main(String[] args) throws Exception {
        long rate = args.length > 0 ? parseBytes(args[0]) : 2L << 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        BandwidthLimiter limiter = BandwidthLimiter.of(rate);
        AtomicLongArray perThread = new AtomicLongArray(threads);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread reader = new Thread(() -> drain(limiter.throttle(new Zeros()), perThread, index), "reader-" + i);
            reader.setDaemon(true);
            readers.add(reader);
        }
        long start = System.nanoTime();
        readers.forEach(Thread::start);
        List<long[]> samples = new ArrayList<>(); // {nanos since start, bytes}
        samples.add(new long[] {0, 0});
        for (long tick = 1; tick <= seconds * (1_000_000_000L / TICK_NANOS); tick++) {
            long wake = start + tick * TICK_NANOS;
            long now;
            while ((now = System.nanoTime()) - wake < 0) {
                Thread.sleep(Math.max(1, (wake - now) / 1_000_000));
            }
            samples.add(new long[] {System.nanoTime() - start, total(perThread)});
        }
        readers.forEach(Thread::interrupt);
        report(rate, threads, samples, perThread);
    }

    private static void report(long rate, int threads, List<long[]> samples, AtomicLongArray perThread) {
        long[] last = samples.get(samples.size() - 1);
        System.out.printf("asked %.3f MiB/s, %d threads, %.1f s%n", rate / 1048576.0, threads, last[0] / 1e9);
        System.out.printf("overall: %.4f MiB/s (%+.2f%%)%n", rateOf(samples.get(0), last) / 1048576.0,
                100 * (rateOf(samples.get(0), last) / rate - 1));
        for (int windowSeconds : new int[] {10, 1}) {
            int span = (int) (windowSeconds * 1_000_000_000L / TICK_NANOS);
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int i = 0; i + span < samples.size(); i++) {
                double r = rateOf(samples.get(i), samples.get(i + span));
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
            if (max > 0) {
                System.out.printf("%2d s windows (every 100 ms): min %+.2f%%, max %+.2f%%%n",
                        windowSeconds, 100 * (min / rate - 1), 100 * (max / rate - 1));
            }
        }
        long total = total(perThread);
        StringBuilder shares = new StringBuilder("thread shares:");
        for (int i = 0; i < perThread.length(); i++) {
            shares.append(String.format(" %.2f%%", 100.0 * perThread.get(i) / total));
        }
        System.out.println(shares);
    }

    private static double rateOf(long[] from, long[] to) {
        return (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
    }

    private static long total(AtomicLongArray counts) {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    private static void drain(InputStream in, AtomicLongArray counts, int index) {
        byte[] buffer = new byte[1 << 20];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                counts.addAndGet(index, n);
            }
        } catch (java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt(); // the bench is over
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long parseBytes(String text) {
        String t = text.trim();
        if (t.endsWith("MiB")) {
            return Long.parseLong(t.substring(0, t.length() - 3)) << 20;
        }
        if (t.endsWith("KiB")) {
            return Long.parseLong(t.substring(0, t.length() - 3)) << 10;
        }
        return Long.parseLong(t);
    }

    /** An endless stream of zeros, as fast as asked. */
    private static final class Zeros extends InputStream {
        @Override
        public int read() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        }
    }
}
