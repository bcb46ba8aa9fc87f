package io.ossync.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The CRC-64 of a region of a local file, read in 1 MiB steps (memory stays bounded whatever the
 * region). This is what proves bytes already on the server equal the local ones before they are
 * reused, and what reads a snapshot back: it costs one sequential read of the region (about a
 * second per GiB from disk, a fraction of that from the page cache; the CRC itself runs at more
 * than 1 GiB/s).
 */
public final class LocalCrc {

    private static final int BUFFER = 1 << 20;

    private LocalCrc() {
    }

    /**
     * The CRC-64 of bytes [offset, offset+length) of {@code file}; empty when the file ends before
     * them (it was truncated: the region is not what it was).
     */
    public static OptionalLong of(Path file, long offset, long length) throws IOException {
        Crc64 crc = new Crc64();
        byte[] bytes = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = offset;
            long end = offset + length;
            while (position < end) {
                buffer.clear().limit((int) Math.min(bytes.length, end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    return OptionalLong.empty();
                }
                crc.update(bytes, 0, n);
                position += n;
            }
        }
        return OptionalLong.of(crc.value());
    }
}
