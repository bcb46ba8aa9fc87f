package io.ossync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Bytes {@code [first, first + length)} of a stored object, read across its segment files, so a
 * copied part is digested and written as a received body would be ({@link BodyReceiver}) without the
 * object ever being held in memory. The caller holds the object's read lock while reading: the
 * segments cannot go away underneath. A data file shorter than its record says is an I/O error.
 */
final class SegmentRangeInputStream extends InputStream {
    private final List<Path> files;
    private final List<ObjectRecord.Segment> segments;
    private int index;
    private long skip;
    private long remaining;
    private FileChannel channel;
    private long position;
    private long segmentEnd;

    SegmentRangeInputStream(ObjectIndex objects, ObjectRecord rec, long first, long length) {
        this.segments = rec.segments();
        this.files = segments.stream().map(objects::dataFile).toList();
        this.skip = first;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0 || !openNext()) {
            return -1;
        }
        int want = (int) Math.min(len, Math.min(remaining, segmentEnd - position));
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            throw new IOException("data file shorter than recorded: " + segments.get(index - 1).file());
        }
        position += n;
        remaining -= n;
        return n;
    }

    /** Positions on the segment holding the next byte; false when the segments ran out. */
    private boolean openNext() throws IOException {
        while (channel == null || position >= segmentEnd) {
            closeChannel();
            if (index >= segments.size()) {
                return false;
            }
            ObjectRecord.Segment segment = segments.get(index);
            Path file = files.get(index++);
            if (skip >= segment.size()) {
                skip -= segment.size();
                continue;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
            position = skip;
            segmentEnd = segment.size();
            skip = 0;
        }
        return true;
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }
}
