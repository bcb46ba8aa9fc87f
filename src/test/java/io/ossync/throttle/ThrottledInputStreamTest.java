package io.ossync.throttle;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThrottledInputStreamTest {

    private static final long SECOND = 1_000_000_000L;

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }

    @Test
    void bytesPassUnchangedAtTheLimitersPace() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(1024 * 1024, clock);
        byte[] data = randomBytes(5 * 1024 * 1024 + 123);
        long start = clock.nanoTime();

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (InputStream in = new ThrottledInputStream(new ByteArrayInputStream(data), limiter)) {
            in.transferTo(copy);
        }

        assertThat(MessageDigest.getInstance("SHA-256").digest(copy.toByteArray()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        double seconds = (clock.nanoTime() - start) / (double) SECOND;
        assertThat(seconds).isCloseTo(5.0, within(0.06));           // all but the last read's bytes paid up front
    }

    @Test
    void aHugeReadIsCutIntoChunks() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(100L * 1024 * 1024, clock);
        List<Integer> asked = new ArrayList<>();
        InputStream source = new ByteArrayInputStream(new byte[1024 * 1024]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                asked.add(len);
                return super.read(b, off, len);
            }
        };
        byte[] buffer = new byte[1024 * 1024];
        int n = new ThrottledInputStream(source, limiter).read(buffer, 0, buffer.length);
        assertThat(n).isEqualTo(64 * 1024);
        assertThat(asked).containsExactly(64 * 1024);
    }

    @Test
    void onlyBytesActuallyReadArePaidFor() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(1000, clock);
        InputStream in = new ThrottledInputStream(new ByteArrayInputStream(new byte[30]), limiter);
        byte[] buffer = new byte[50];
        assertThat(in.read(buffer, 0, 50)).isEqualTo(30);            // chunk is 50 bytes; only 30 there
        assertThat(in.read(buffer, 0, 50)).isEqualTo(-1);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(limiter.reserve(1)).isEqualTo(30_000_000L);        // the timeline moved 30 ms, not 50
    }

    @Test
    void singleByteReadsArePacedToo() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(10, clock);
        InputStream in = new ThrottledInputStream(new ByteArrayInputStream(new byte[] {7, 8, 9}), limiter);
        assertThat(in.read()).isEqualTo(7);
        assertThat(in.read()).isEqualTo(8);
        assertThat(in.read()).isEqualTo(9);
        assertThat(clock.sleeps()).containsExactly(100_000_000L, 100_000_000L);
    }

    @Test
    void skipIsFreeAndResetBytesCountAgain() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(1000, clock);
        long start = clock.nanoTime();
        InputStream in = new ThrottledInputStream(new ByteArrayInputStream(randomBytes(100)), limiter);
        assertThat(in.skip(40)).isEqualTo(40);
        assertThat(in.available()).isEqualTo(60);
        assertThat(in.markSupported()).isTrue();
        in.mark(100);
        assertThat(in.read(new byte[20])).isEqualTo(20);
        in.reset();
        assertThat(in.read(new byte[20])).isEqualTo(20);
        long timeline = clock.nanoTime() + limiter.reserve(1) - start;
        assertThat(timeline).isEqualTo(40_000_000L);                  // 20 + 20 bytes, none for the skip
    }

    @Test
    void interruptionBecomesInterruptedIOExceptionWithTheFlagKept() throws Exception {
        FakeClock clock = new FakeClock();
        BandwidthLimiter limiter = new BandwidthLimiter(10, clock);
        InputStream in = new ThrottledInputStream(new ByteArrayInputStream(new byte[10]), limiter);
        in.read();                                                    // first byte: no wait
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(in::read).isInstanceOf(InterruptedIOException.class)
                    .hasMessage("interrupted while waiting for upload bandwidth");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closeClosesTheSource() throws IOException {
        boolean[] closed = {false};
        InputStream source = new ByteArrayInputStream(new byte[1]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new ThrottledInputStream(source, BandwidthLimiter.of(100)).close();
        assertThat(closed[0]).isTrue();
    }
}
