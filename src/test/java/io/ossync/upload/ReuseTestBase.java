package io.ossync.upload;

import io.ossync.emulator.Counters;
import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectOptions;
import io.ossync.testing.TestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of server-side reuse share: a log file uploaded once (what the ledger then holds,
 * {@link #first}), the candidate the ledger would give its next upload, the emulator's counters, and
 * the assertion that a file was sent whole after reuse was refused.
 */
abstract class ReuseTestBase extends EngineTestBase {

    static final String LOG = "app.log";

    Counters counters() {
        return emulator.emulator().counters();
    }

    long requests(OssOperation op) {
        return counters().requests(op);
    }

    /** A fixed key, with the version's size in {@code x-oss-meta-size} (metadata of the version uploaded). */
    static TargetNaming sized(String key) {
        return version -> new ObjectTarget(key,
                ObjectOptions.DEFAULT.withUserMetadata(Map.of("size", Long.toString(version.size()))));
    }

    static UploadRequest request(Path file, TargetNaming naming) {
        return new UploadRequest(file, BUCKET, naming, PART_100K, 4);
    }

    /** What the ledger would offer after {@code r}: the object as verified, proven for that version. */
    static ReuseCandidate candidateFrom(UploadResult r, boolean trustGrowth) {
        return new ReuseCandidate(r.key(), r.size(), r.crc64(), r.identity(), trustGrowth);
    }

    /** The log file's first upload, as the ledger holds it: what the candidate of the next upload names. */
    UploadResult first;

    /** A 1 MiB log, uploaded once to {@value #LOG} ({@link #first}), the counters zeroed after. */
    Path uploadedLog(long seed) throws Exception {
        Path f = TestFiles.random(tmp.resolve(LOG), MIB, seed);
        first = uploadedOnce(f, sized(LOG));
        return f;
    }

    /** The log's next upload, with the candidate the ledger gives after {@link #first}. */
    UploadRequest nextUpload(Path f, int routines, boolean trustGrowth) {
        return new UploadRequest(f, BUCKET, sized(LOG), PART_100K, routines).withReuse(candidateFrom(first, trustGrowth));
    }

    /** The first upload of a file, then the counters zeroed: what follows counts only the next upload. */
    UploadResult uploadedOnce(Path file, TargetNaming naming) throws UploadFailedException {
        UploadResult r = engine().upload(request(file, naming), UploadListener.NONE);
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
        counters().reset();
        return r;
    }

    void assertSentWhole(UploadResult r, Path file) throws Exception {
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
        assertThat(r.bytesCopied()).isZero();
        assertThat(bytesReceived()).as("file bytes received").isEqualTo(Files.size(file));
        assertThat(counters().bytesCopied()).as("bytes copied on the server").isZero();
        assertObjectEqualsFile(r.key(), file);
        assertNothingLeftBehind();
    }

    static UploadListener restarts(List<RestartReason> reasons) {
        return new UploadListener() {
            @Override
            public synchronized void restarted(RestartReason reason, String detail) {
                reasons.add(reason);
            }
        };
    }

    /** Changes one byte in place (same inode, same size). */
    static void flipByte(Path file, long offset) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            channel.read(b, offset);
            b.flip();
            b.put(0, (byte) ~b.get(0));
            channel.write(b, offset);
        }
    }
}
