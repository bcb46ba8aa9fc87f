package io.ossync.throttle;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one test on the real clock: three threads share 2 MiB/s for about 3 s. The bound is loose
 * (25%) so a busy machine cannot fail it; bench/bandwidth.sh measures precisely over longer runs.
 */
class BandwidthLimiterRealTimeIT {

    private static final int RATE = 2 * 1024 * 1024;
    private static final int THREADS = 3;
    private static final int BYTES_PER_THREAD = 2 * 1024 * 1024;

    @Test
    void threeThreadsShareTheRate() throws Exception {
        BandwidthLimiter limiter = BandwidthLimiter.of(RATE);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Long>> finishTimes = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                finishTimes.add(pool.submit(() -> {
                    InputStream in = limiter.throttle(new ByteArrayInputStream(new byte[BYTES_PER_THREAD]));
                    go.await();
                    long read = drain(in);
                    assertThat(read).isEqualTo(BYTES_PER_THREAD);
                    return System.nanoTime();
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            List<Double> finished = new ArrayList<>();
            for (Future<Long> finish : finishTimes) {
                finished.add((finish.get() - start) / 1e9);
            }
            double elapsed = finished.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double rate = (double) THREADS * BYTES_PER_THREAD / elapsed;
            System.out.printf("bandwidth test: %d threads, %.3f MiB/s measured for %.3f MiB/s asked (%.1f%%), "
                            + "threads finished at %s s%n", THREADS, rate / (1 << 20), RATE / (double) (1 << 20),
                    100 * (rate / RATE - 1), finished);

            assertThat(rate / RATE).isBetween(0.75, 1.25);
            // fair: equal work finishes together; an unfair limiter would let one finish at a third of the time
            assertThat(finished).allSatisfy(t -> assertThat(t / elapsed).isGreaterThan(0.8));
        } finally {
            pool.shutdownNow();
        }
    }

    private static long drain(InputStream in) {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }
}
