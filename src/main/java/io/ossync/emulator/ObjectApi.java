package io.ossync.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** PutObject, GetObject (with Range), HeadObject and DeleteObject. */
final class ObjectApi {
    static final long MAX_PUT_SIZE = 5L * 1024 * 1024 * 1024;

    private final Clock clock;

    ObjectApi(Clock clock) {
        this.clock = clock;
    }

    void put(Exchange ex, BucketStore bucket) throws IOException, OssException {
        ObjectAttributes attributes = ObjectHeaders.attributes(ex);
        Path staged = bucket.newTempFile();
        BodyReceiver.Received body = receiveVerified(ex, staged, MAX_PUT_SIZE);
        ObjectRecord.Segment segment = new ObjectRecord.Segment(BucketFolders.uniqueName() + ".seg", body.size());
        Path data = bucket.objects().dataFile(segment);
        Sidecars.moveAtomically(staged, data);
        ObjectRecord rec = new ObjectRecord(ex.key(), body.size(), body.etag(), body.crc64(), body.md5Base64(),
                "Normal", clock.millis(), attributes, List.of(segment), null);
        try {
            bucket.objects().commit(rec, ObjectHeaders.forbidOverwrite(ex));
        } catch (IOException | OssException | RuntimeException e) {
            Files.deleteIfExists(data);
            throw e;
        }
        ex.setHeader("ETag", rec.etag());
        ex.setHeader("Content-MD5", rec.contentMd5());
        ex.setHeader("x-oss-hash-crc64ecma", Crc64.toUnsignedString(rec.crc64()));
        ex.sendEmpty(200);
    }

    /**
     * Receives the request body into {@code staged}: refuses a declared length over {@code maxBytes}
     * before reading, and a body whose MD5 differs from the Content-MD5 announced (the file is then removed).
     */
    static BodyReceiver.Received receiveVerified(Exchange ex, Path staged, long maxBytes)
            throws IOException, OssException {
        byte[] expectedMd5 = ObjectHeaders.contentMd5(ex);
        long declared = ex.contentLength();
        if (declared > maxBytes) {
            throw OssErrors.entityTooLarge(declared, maxBytes);
        }
        BodyReceiver.Received body = BodyReceiver.receive(ex.body(), staged, maxBytes);
        if (expectedMd5 != null && !Arrays.equals(expectedMd5, body.md5())) {
            Files.deleteIfExists(staged);
            throw OssErrors.digestMismatch(Base64.getEncoder().encodeToString(expectedMd5), body.md5Base64());
        }
        return body;
    }

    void get(Exchange ex, BucketStore bucket) throws IOException, OssException {
        boolean standard = "standard".equalsIgnoreCase(ex.header("x-oss-range-behavior"));
        bucket.objects().withReadLock(ex.key(), found -> {
            ObjectRecord rec = found.orElseThrow(() -> OssErrors.noSuchKey(ex.key()));
            Optional<ByteRange> range = ByteRange.parse(ex.header("Range"), rec.size(), standard);
            ObjectHeaders.write(ex, rec);
            long first = range.map(ByteRange::first).orElse(0L);
            long length = range.map(ByteRange::length).orElse(rec.size());
            if (range.isPresent()) {
                ex.setHeader("Content-Range", "bytes " + first + "-" + (first + length - 1) + "/" + rec.size());
            }
            try (OutputStream out = ex.startBody(range.isPresent() ? 206 : 200, length)) {
                copy(bucket, rec, first, length, out);
            }
            return null;
        });
    }

    void head(Exchange ex, BucketStore bucket) throws IOException, OssException {
        ObjectRecord rec = bucket.objects().get(ex.key()).orElseThrow(() -> OssErrors.noSuchKey(ex.key()));
        ObjectHeaders.write(ex, rec);
        ex.sendHeadersOnly(200, rec.size());
    }

    void delete(Exchange ex, BucketStore bucket) throws IOException {
        bucket.objects().delete(ex.key());
        ex.sendEmpty(204);
    }

    /** Streams {@code length} bytes of the object from {@code first}, across its segments. */
    private static void copy(BucketStore bucket, ObjectRecord rec, long first, long length, OutputStream out)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BodyReceiver.BUFFER_SIZE);
        long skip = first;
        long remaining = length;
        for (ObjectRecord.Segment segment : rec.segments()) {
            if (remaining == 0) {
                break;
            }
            if (skip >= segment.size()) {
                skip -= segment.size();
                continue;
            }
            try (FileChannel in = FileChannel.open(bucket.objects().dataFile(segment), StandardOpenOption.READ)) {
                long position = skip;
                long end = Math.min(segment.size(), skip + remaining);
                skip = 0;
                while (position < end) {
                    buffer.clear();
                    buffer.limit((int) Math.min(buffer.capacity(), end - position));
                    int n = in.read(buffer, position);
                    if (n < 0) {
                        throw new IOException("data file shorter than recorded: " + segment.file());
                    }
                    out.write(buffer.array(), 0, n);
                    position += n;
                    remaining -= n;
                }
            }
        }
    }
}
