package io.ossync.store;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The bytes {@code [offset, offset + length)} of a file as a stream, read from the file in blocks
 * (into a direct buffer borrowed from {@link ReadBuffers} and given back on close), and rewindable
 * to any point of the region.
 *
 * <p>Why: the SDK copies a request body to the socket 2 KiB at a time. Over a plain
 * {@link FileInputStream} that is one {@code read} system call per 2 KiB, half a million per GiB
 * uploaded; here it is one per block (256 KiB in {@link OssObjectStore}). {@link #mark}/{@link #reset} work anywhere in the region (by
 * position, not by buffering), so the SDK takes the stream as it is, as it would a
 * {@code FileInputStream}, instead of wrapping it in its own 512 KiB rewind buffer.
 *
 * <p>Assumptions: reads are positional ({@code pread}) on the file as it is when they happen. A
 * file that ends before the region does (truncated during the upload) fails the read with a
 * {@link FileShrankException}: the request has promised the region's length, and a stream that
 * merely ended would leave the server waiting for the rest until a socket timeout. Any other
 * failure to read the file is a {@link FileReadException} too, so the store never takes it for
 * the endpoint's. One request
 * reads it; its methods are synchronized all the same,
 * so that a close from another thread (an aborted request) can never give the buffer back while a
 * read is filling it: a read after close fails as it would on a closed file. Opened through
 * {@link FileInputStream}, so a missing or unreadable file fails with the same exception as before.
 */
final class FileRegionInputStream extends InputStream {

    private final FileInputStream file;
    private final ReadBuffers buffers;
    private final FileChannel channel;
    private final long end;
    /** Bytes read from the file not yet handed out: they start at file position {@link #position}. */
    private final ByteBuffer block;
    private long position;
    private long mark;
    private boolean closed;

    private FileRegionInputStream(FileInputStream file, long offset, long length, ReadBuffers buffers) {
        this.file = file;
        this.buffers = buffers;
        this.channel = file.getChannel();
        this.end = offset + length;
        this.block = buffers.take();
        this.block.limit(0);
        this.position = offset;
        this.mark = offset;
    }

    /** Opens the region; fails like {@code new FileInputStream(file)} when the file cannot be opened. */
    static FileRegionInputStream open(Path path, long offset, long length, ReadBuffers buffers) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        return new FileRegionInputStream(new FileInputStream(path.toFile()), offset, length, buffers);
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        position++;
        return block.get() & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
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
    public synchronized long skip(long n) throws IOException {
        ensureOpen();
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
    public synchronized int available() {
        return closed ? 0 : block.remaining();
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    /** Marks the current position; the read limit does not apply, any point of the region can be returned to. */
    @Override
    public synchronized void mark(int readLimit) {
        mark = position;
    }

    @Override
    public synchronized void reset() throws IOException {
        ensureOpen();
        position = mark;
        block.limit(0);
    }

    /** Closes the file and gives the buffer back; closing again does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            file.close();
        } finally {
            block.limit(0);
            buffers.release(block);
        }
    }

    /** After close the buffer belongs to the pool again: nothing may touch it. */
    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /**
     * True when {@link #block} has bytes to hand out (reading the next block if needed); false at
     * the end of the region.
     *
     * @throws FileShrankException when the file ends before the region does
     */
    private boolean fill() throws IOException {
        ensureOpen();
        if (block.hasRemaining()) {
            return true;
        }
        if (position >= end) {
            return false;
        }
        block.clear();
        block.limit((int) Math.min(block.capacity(), end - position));
        int n;
        try {
            n = channel.read(block, position);
        } catch (IOException e) {
            throw new FileReadException("cannot read the file at byte " + position + ": " + e.getMessage(), e);
        }
        block.flip();
        if (n < 0) {
            // Where it ends now, which may be before what this stream has already handed out.
            throw new FileShrankException(Math.min(position, channel.size()), end);
        }
        return n > 0;
    }
}
