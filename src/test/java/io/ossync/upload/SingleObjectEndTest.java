package io.ossync.upload;

import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectOptions;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a single PutObject ends for the daemon's bursts: handed over to be recorded later (group
 * commit), and, for a job recovered after a crash, not sent at all when the object already is the
 * file.
 */
class SingleObjectEndTest extends EngineTestBase {

    private final AtomicInteger recordedHere = new AtomicInteger();

    private UploadRequest request(Path file) {
        return new UploadRequest(file, BUCKET, "s/" + file.getFileName(), ObjectOptions.DEFAULT, PART_100K, 1)
                .withOnVerified((tx, result) -> recordedHere.incrementAndGet());
    }

    private long puts() {
        return emulator.emulator().counters().requests(OssOperation.PUT_OBJECT);
    }

    @Test
    void aHandedOverUploadIsVerifiedButNotRecordedByTheEngine() throws Exception {
        Path f = TestFiles.random(tmp.resolve("a.bin"), 3000, 1);
        List<UploadResult> handed = new ArrayList<>();

        UploadResult r = engine().upload(request(f).withHandoff(handed::add), UploadListener.NONE);

        assertThat(handed).containsExactly(r);
        assertThat(recordedHere).hasValue(0);
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
        assertThat(remote.sha256(BUCKET, "s/a.bin")).isEqualTo(TestFiles.sha256(f));
    }

    @Test
    void aMultipartUploadIsRecordedByTheEngineEvenWithAHandoff() throws Exception {
        Path f = TestFiles.random(tmp.resolve("big.bin"), 250 * KIB, 2);
        List<UploadResult> handed = new ArrayList<>();

        engine().upload(request(f).withHandoff(handed::add), UploadListener.NONE);

        assertThat(handed).isEmpty();
        assertThat(recordedHere).hasValue(1);
    }

    @Test
    void lookingFirstFindsTheObjectSentBeforeACrashAndSendsNothing() throws Exception {
        Path f = TestFiles.random(tmp.resolve("a.bin"), 3000, 3);
        engine().upload(request(f), UploadListener.NONE);   // sent and verified; its record "lost"
        long putsBefore = puts();

        UploadResult r = engine().upload(request(f).withLookFirst(), UploadListener.NONE);

        assertThat(puts()).isEqualTo(putsBefore);
        assertThat(r.how()).isEqualTo(UploadResult.How.FOUND);
        assertThat(r.bytesSent()).isZero();
        assertThat(recordedHere).as("recorded as uploaded").hasValue(2);
        assertThat(Long.toUnsignedString(r.crc64())).isEqualTo(Long.toUnsignedString(Crc64.of(Files.readAllBytes(f))));
    }

    @Test
    void lookingFirstSendsTheFileWhenTheObjectHoldsOtherBytesOfTheSameSize() throws Exception {
        Path f = TestFiles.random(tmp.resolve("a.bin"), 3000, 4);
        engine().upload(request(f), UploadListener.NONE);
        TestFiles.random(f, 3000, 5);   // same size, other bytes
        long putsBefore = puts();

        UploadResult r = engine().upload(request(f).withLookFirst(), UploadListener.NONE);

        assertThat(puts()).isEqualTo(putsBefore + 1);
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
        assertThat(remote.sha256(BUCKET, "s/a.bin")).isEqualTo(TestFiles.sha256(f));
    }

    @Test
    void lookingFirstSendsTheFileWhenThereIsNoObject() throws Exception {
        Path f = TestFiles.random(tmp.resolve("a.bin"), 3000, 6);

        UploadResult r = engine().upload(request(f).withLookFirst(), UploadListener.NONE);

        assertThat(puts()).isEqualTo(1);
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
    }
}
