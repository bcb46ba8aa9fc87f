package io.ossync.throttle;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;

/**
 * An input stream handed out no faster than its {@link BandwidthLimiter} allows. Each read asks the
 * underlying stream for at most {@link BandwidthLimiter#chunkSize()} bytes and waits for exactly
 * the bytes it got before returning them, so a huge read (a 5 GiB part) is paced chunk by chunk,
 * and bytes re-read after {@link #reset()} (an SDK retrying a part) count again, as they are sent
 * again. {@link #skip} is free: skipped bytes are not sent. Not thread-safe, like most streams.
 */
public final class ThrottledInputStream extends InputStream {

    private final InputStream in;
    private final BandwidthLimiter limiter;

    public ThrottledInputStream(InputStream in, BandwidthLimiter limiter) {
        this.in = Objects.requireNonNull(in, "in");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            pace(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, Math.min(length, limiter.chunkSize()));
        if (n > 0) {
            pace(n);
        }
        return n;
    }

    private void pace(int bytes) throws InterruptedIOException {
        try {
            limiter.acquire(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for upload bandwidth");
        }
    }

    @Override
    public long skip(long n) throws IOException {
        return in.skip(n);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public boolean markSupported() {
        return in.markSupported();
    }

    @Override
    public synchronized void mark(int readLimit) {
        in.mark(readLimit);
    }

    @Override
    public synchronized void reset() throws IOException {
        in.reset();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
