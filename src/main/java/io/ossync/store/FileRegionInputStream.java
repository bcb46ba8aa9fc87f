package io.ossync.store;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The bytes {@code [offset, offset + length)} of a file as a stream, read from the file in blocks of
 * {@value #BLOCK_SIZE} bytes, and rewindable to any point of the region.
 *
 * <p>Why: the SDK copies a request body to the socket 2 KiB at a time. Over a plain
 * {@link FileInputStream} that is one {@code read} system call per 2 KiB, half a million per GiB
 * uploaded; here it is one per block. {@link #mark}/{@link #reset} work anywhere in the region (by
 * position, not by buffering), so the SDK takes the stream as it is, as it would a
 * {@code FileInputStream}, instead of wrapping it in its own 512 KiB rewind buffer.
 *
 * <p>Assumptions: reads are positional ({@code pread}) on the file as it is when they happen; a
 * file shorter than the region ends the stream early (the request then fails for a short body, as
 * with a {@code FileInputStream}). Not thread-safe: one request reads it. Opened through
 * {@link FileInputStream}, so a missing or unreadable file fails with the same exception as before.
 */
final class FileRegionInputStream extends InputStream {

    static final int BLOCK_SIZE = 256 * 1024;

    private final FileInputStream file;
    private final FileChannel channel;
    private final long end;
    /** Bytes read from the file not yet handed out: they start at file position {@link #position}. */
    private final ByteBuffer block;
    private long position;
    private long mark;

    private FileRegionInputStream(FileInputStream file, long offset, long length) {
        this.file = file;
        this.channel = file.getChannel();
        this.end = offset + length;
        this.block = ByteBuffer.allocate((int) Math.min(BLOCK_SIZE, Math.max(1, length)));
        this.block.limit(0);
        this.position = offset;
        this.mark = offset;
    }

    /** Opens the region; fails like {@code new FileInputStream(file)} when the file cannot be opened. */
    static FileRegionInputStream open(Path path, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        return new FileRegionInputStream(new FileInputStream(path.toFile()), offset, length);
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        position++;
        return block.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, block.remaining());
        block.get(b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        if (skipped <= block.remaining()) {
            block.position(block.position() + (int) skipped);
        } else {
            block.limit(0);
        }
        position += skipped;
        return skipped;
    }

    /** What can be read without touching the file. */
    @Override
    public int available() {
        return block.remaining();
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    /** Marks the current position; the read limit does not apply, any point of the region can be returned to. */
    @Override
    public void mark(int readLimit) {
        mark = position;
    }

    @Override
    public void reset() {
        position = mark;
        block.limit(0);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** True when {@link #block} has bytes to hand out (reading the next block if needed); false at the end. */
    private boolean fill() throws IOException {
        if (block.hasRemaining()) {
            return true;
        }
        if (position >= end) {
            return false;
        }
        block.clear();
        block.limit((int) Math.min(block.capacity(), end - position));
        int n = channel.read(block, position);
        block.flip();
        return n > 0;
    }
}
