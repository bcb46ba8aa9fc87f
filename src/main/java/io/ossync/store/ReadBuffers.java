package io.ossync.store;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers for {@link FileRegionInputStream}, reused from one part to the next: streaming a
 * file then allocates nothing per part. Garbage per part would make the collector run, and every
 * collection can touch heap pages not touched before, so the resident set would grow with the size
 * of the file; a direct buffer also spares the copy the JDK makes when a file is read into a heap
 * buffer.
 *
 * <p>Keeps at most {@code idleLimit} buffers; when more streams are open at once, the extra buffers
 * are allocated and later left to the collector. Thread-safe.
 */
final class ReadBuffers {

    private final int bufferSize;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    ReadBuffers(int bufferSize, int idleLimit) {
        if (bufferSize < 1 || idleLimit < 1) {
            throw new IllegalArgumentException("buffer size and idle limit must be positive: " + bufferSize + ", "
                    + idleLimit);
        }
        this.bufferSize = bufferSize;
        this.idle = new ArrayBlockingQueue<>(idleLimit);
    }

    /** A cleared buffer of {@link #bufferSize()} bytes, to be given back with {@link #release}. */
    ByteBuffer take() {
        ByteBuffer b = idle.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(bufferSize);
    }

    /** Gives a buffer back; it must not be used afterwards. */
    void release(ByteBuffer buffer) {
        if (buffer.capacity() == bufferSize) {
            idle.offer(buffer);
        }
    }

    int bufferSize() {
        return bufferSize;
    }

    /** Buffers waiting to be reused (for tests). */
    int idleCount() {
        return idle.size();
    }
}
