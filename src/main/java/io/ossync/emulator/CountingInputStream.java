package io.ossync.emulator;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports every request body byte read to {@link Counters}, as it is read. */
final class CountingInputStream extends FilterInputStream {
    private final Counters counters;
    private final OssOperation operation;

    CountingInputStream(InputStream in, Counters counters, OssOperation operation) {
        super(in);
        this.counters = counters;
        this.operation = operation;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counters.recordBodyBytes(operation, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counters.recordBodyBytes(operation, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counters.recordBodyBytes(operation, skipped);
        }
        return skipped;
    }
}
