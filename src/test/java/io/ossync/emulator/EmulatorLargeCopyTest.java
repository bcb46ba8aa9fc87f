package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size limits of copies, at their boundaries, on objects of 1 GiB and 5 GiB that cost no disk:
 * their data files are sparse (all zeros) and written into the data folder before the emulator
 * starts, as a restart would find them. A CopyObject links segments and a refused copy reads
 * nothing, so these tests take milliseconds.
 */
class EmulatorLargeCopyTest {
    private static final String BUCKET = EmulatorExtension.BUCKET;
    private static final long GIB = CopyLimits.GIB;

    @TempDir
    Path dataDir;

    private OssEmulator emulator;
    private OssTestClient client;

    @BeforeEach
    void fixtures() throws IOException {
        BucketFolders folders = BucketFolders.create(dataDir.resolve(BUCKET));
        zeros(folders, "gib", GIB);
        zeros(folders, "gib+1", GIB + 1);
        zeros(folders, "5gib+1", 5 * GIB + 1);
        EmulatorConfig c = new EmulatorConfig(dataDir, 0, List.of(BUCKET), EmulatorExtension.REGION,
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET, null);
        emulator = OssEmulator.start(c);
        client = new OssTestClient(emulator.endpoint(), BUCKET, EmulatorExtension.signer());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void copyObjectChangingTheStorageClassStopsAtOneGib() {
        assertThat(copy("gib", "IA").status()).isEqualTo(200);
        OssTestClient.Resp over = copy("gib+1", "IA");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.xml("Code")).isEqualTo("EntityTooLarge");
        assertThat(over.xml("MaxSizeAllowed")).isEqualTo(Long.toString(GIB));

        OssTestClient.Resp unchanged = copy("gib+1", null);
        assertThat(unchanged.status()).as("an unchanged copy may be 5 GiB").isEqualTo(200);
        assertThat(unchanged.header("x-oss-hash-crc64ecma")).isEqualTo(Long.toUnsignedString(zerosCrc(GIB + 1)));
        assertThat(emulator.counters().bytesCopied(OssOperation.COPY_OBJECT)).isEqualTo(GIB + GIB + 1);
        assertThat(client.call("HEAD", "copy-of-gib+1").send().header("Content-Length"))
                .isEqualTo(Long.toString(GIB + 1));
    }

    @Test
    void copyObjectAndUploadPartCopyStopAtFiveGib() {
        OssTestClient.Resp whole = copy("5gib+1", null);
        assertThat(whole.status()).isEqualTo(400);
        assertThat(whole.xml("Code")).isEqualTo("EntityTooLarge");

        String uploadId = client.call("POST", "big").query("uploads", "").send().xml("UploadId");
        OssTestClient.Resp part = partCopy(uploadId, null);
        assertThat(part.status()).isEqualTo(400);
        assertThat(part.xml("Code")).isEqualTo("EntityTooLarge");
        assertThat(part.xml("MaxSizeAllowed")).isEqualTo(Long.toString(5 * GIB));
        OssTestClient.Resp over = partCopy(uploadId, "bytes=0-" + 5 * GIB);
        assertThat(over.xml("Code")).isEqualTo("EntityTooLarge");

        OssTestClient.Resp lastByte = partCopy(uploadId, "bytes=" + 5 * GIB + "-" + 5 * GIB);
        assertThat(lastByte.status()).isEqualTo(200);
        assertThat(emulator.counters().bytesCopied(OssOperation.UPLOAD_PART_COPY)).isEqualTo(1);
        assertThat(emulator.counters().bytesCopied(OssOperation.COPY_OBJECT)).isZero();
    }

    private OssTestClient.Resp copy(String key, String storageClass) {
        OssTestClient.Call call = client.call("PUT", "copy-of-" + key).header("x-oss-copy-source", "/" + BUCKET + "/"
                + UrlCodec.encode(key, false));
        if (storageClass != null) {
            call.header("x-oss-metadata-directive", "REPLACE").header("x-oss-storage-class", storageClass);
        }
        return call.send();
    }

    private OssTestClient.Resp partCopy(String uploadId, String range) {
        OssTestClient.Call call = client.call("PUT", "big").query("partNumber", "1").query("uploadId", uploadId)
                .header("x-oss-copy-source", "/" + BUCKET + "/5gib%2B1");
        return range == null ? call.send() : call.header("x-oss-copy-source-range", range).send();
    }

    /** An object of {@code size} zero bytes whose data file is sparse, with its true CRC-64. */
    private static void zeros(BucketFolders folders, String key, long size) throws IOException {
        ObjectRecord.Segment segment = new ObjectRecord.Segment(BucketFolders.uniqueName() + ".seg", size);
        try (RandomAccessFile f = new RandomAccessFile(folders.data().resolve(segment.file()).toFile(), "rw")) {
            f.setLength(size);
        }
        ObjectAttributes attributes = new ObjectAttributes("application/octet-stream", "Standard", null, null, Map.of());
        ObjectRecord rec = new ObjectRecord(key, size, "\"0123456789ABCDEF0123456789ABCDEF\"", zerosCrc(size), null,
                "Normal", System.currentTimeMillis(), attributes, List.of(segment), null);
        new Sidecars().write(folders.objectSidecar(key), rec, folders.newTempFile());
    }

    /** The CRC-64 of {@code n} zero bytes, by doubling: never reads or allocates them. */
    static long zerosCrc(long n) {
        long result = 0;
        long block = Crc64.of(new byte[1]);
        long blockLength = 1;
        for (long left = n; left > 0; left >>>= 1) {
            if ((left & 1) != 0) {
                result = Crc64.combine(result, block, blockLength);
            }
            block = Crc64.combine(block, block, blockLength);
            blockLength <<= 1;
        }
        return result;
    }
}
