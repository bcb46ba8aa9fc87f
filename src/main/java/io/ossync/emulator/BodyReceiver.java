package io.ossync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Streams a request body to a file, computing its MD5 and CRC-64 on the way: the body is never
 * held in memory whole. Bytes are gathered into a large buffer before hashing and writing, since the
 * HTTP server hands them over in small chunks. If the body exceeds {@code maxBytes} the file is
 * removed and EntityTooLarge raised.
 */
final class BodyReceiver {
    static final int BUFFER_SIZE = 1 << 20;

    /** What was received: size and digests. */
    record Received(long size, byte[] md5, long crc64) {
        /** The ETag OSS gives such content: quoted upper-case MD5 hex. */
        String etag() {
            return "\"" + HexFormat.of().withUpperCase().formatHex(md5) + "\"";
        }

        String md5Base64() {
            return Base64.getEncoder().encodeToString(md5);
        }
    }

    private BodyReceiver() {
    }

    static Received receive(InputStream body, Path target, long maxBytes) throws IOException, OssException {
        MessageDigest md5 = md5();
        long crc = 0;
        long total = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        boolean done = false;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (!done) {
                int filled = 0;
                while (filled < buffer.length) {
                    int n = body.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        done = true;
                        break;
                    }
                    filled += n;
                }
                if (filled == 0) {
                    continue;
                }
                total += filled;
                if (total > maxBytes) {
                    throw OssErrors.entityTooLarge(total, maxBytes);
                }
                md5.update(buffer, 0, filled);
                crc = Crc64.update(crc, buffer, 0, filled);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, filled);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        } catch (IOException | OssException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return new Received(total, md5.digest(), crc);
    }

    /** Reads and discards up to {@code limit} bytes; returns how many were read. */
    static long discard(InputStream body, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < limit) {
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
