package io.ossync.upload;

import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectOptions;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file that changes while it goes up (DESIGN.md, invariant 8), through the engine against the
 * strict emulator: by default any change restarts every part; a snapshot of the first N bytes lets
 * the file grow past N, and READ_BACK still catches a write inside them. Part size 100 KiB.
 */
class SnapshotUploadTest extends ReuseTestBase {

    @BeforeEach
    void slowParts() {
        // Parts take a little while: the file changes while some are still in flight.
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(20));
    }

    private static UploadRequest request(Path file, String key, SnapshotMode mode) {
        return new UploadRequest(file, BUCKET, key, ObjectOptions.DEFAULT, PART_100K, 4).withSnapshot(mode);
    }

    private String sha256OfFirst(Path file, long n) throws IOException {
        return TestFiles.sha256(new ByteArrayInputStream(Arrays.copyOf(Files.readAllBytes(file), Math.toIntExact(n))));
    }

    @Test
    void readBackSnapshotOfAGrowingFileHoldsItsFirstBytesAndTheNextUploadAppendsTheRest() throws Exception {
        Path f = TestFiles.random(tmp.resolve("grow.log"), MIB, 1);
        AtomicInteger appends = new AtomicInteger();
        List<RestartReason> restarts = new ArrayList<>();
        UploadListener grower = new UploadListener() {
            @Override
            public void partConfirmed(int partNumber, long bytes) {
                ((FileChange) () -> TestFiles.append(f, 10 * KIB, 100 + appends.incrementAndGet())).runUnchecked();
            }

            @Override
            public synchronized void restarted(RestartReason reason, String detail) {
                restarts.add(reason);
            }
        };

        UploadResult snapshot = engine().upload(request(f, "grow.log", SnapshotMode.READ_BACK), grower);

        assertThat(restarts).isEmpty();
        assertThat(snapshot.restarts()).isZero();
        assertThat(appends).as("the file grew while its parts went up").hasValue(11);
        assertThat(snapshot.size()).as("N, the size when the upload began").isEqualTo(MIB);
        assertThat(Files.size(f)).isEqualTo(MIB + 110 * KIB);
        assertThat(remote.sha256(BUCKET, "grow.log")).isEqualTo(sha256OfFirst(f, MIB));
        assertNothingLeftBehind();

        emulator.emulator().counters().reset();
        UploadResult rest = engine().upload(request(f, "grow.log", SnapshotMode.OFF)
                .withReuse(candidateFrom(snapshot, false)),
                UploadListener.NONE);

        assertThat(rest.how()).isEqualTo(UploadResult.How.APPEND);
        assertThat(bytesReceived()).as("only the bytes past N").isEqualTo(110 * KIB);
        assertThat(emulator.emulator().counters().bytesCopied()).isEqualTo(MIB);
        assertObjectEqualsFile("grow.log", f);
        assertNothingLeftBehind();
    }

    @Test
    void readBackSnapshotCatchesAWriteInsideItsFirstBytesAndRestarts() throws Exception {
        Path f = TestFiles.random(tmp.resolve("edit.log"), MIB, 2);
        List<RestartReason> restarts = new ArrayList<>();
        UploadListener editor = onceAfterPart(1, () -> {
            flipByte(f, 10);   // inside part 1, already sent: only the read-back sees it
            TestFiles.append(f, 50 * KIB, 3);
        }, restarts);

        UploadResult r = engine().upload(request(f, "edit.log", SnapshotMode.READ_BACK), editor);

        assertThat(restarts).containsExactly(RestartReason.FILE_CHANGED);
        assertThat(r.restarts()).isEqualTo(1);
        assertThat(r.size()).isEqualTo(MIB + 50 * KIB);
        assertObjectEqualsFile("edit.log", f);
        assertNothingLeftBehind();
    }

    /**
     * A snapshot's prefix proof is its read-back: a log rewritten inside its uploaded bytes, then
     * grown, is copied and appended first, the read-back finds the prefix differs, and the upload
     * starts over sending every byte. The object never holds the stale prefix.
     */
    @Test
    void readBackSnapshotProvesTheCopiedPrefixAndSendsEverythingWhenItDiffers() throws Exception {
        Path f = uploadedLog(21);
        flipByte(f, 1000);
        TestFiles.append(f, 200 * KIB, 22);
        List<RestartReason> restarts = new ArrayList<>();

        UploadResult r = engine().upload(nextUpload(f, 2, false).withSnapshot(SnapshotMode.READ_BACK),
                restarts(restarts));

        assertThat(restarts).containsExactly(RestartReason.FILE_CHANGED);
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).as("copied once, before the read-back").isEqualTo(1);
        assertThat(r.bytesSent()).as("the tail, then the whole file").isEqualTo(200 * KIB + MIB + 200 * KIB);
        assertObjectEqualsFile(LOG, f);
        assertNothingLeftBehind();
    }

    /**
     * TRUSTED reads nothing back ({@code append-only}): a write inside the first N bytes after
     * their part went up is not seen, and the object holds the bytes as they were sent. This pins
     * the documented risk of the mode.
     */
    @Test
    void trustedSnapshotDoesNotSeeAWriteInsideItsFirstBytes() throws Exception {
        Path f = TestFiles.random(tmp.resolve("trust.log"), MIB, 4);
        byte[] sent = Files.readAllBytes(f);
        List<RestartReason> restarts = new ArrayList<>();
        UploadListener editor = onceAfterPart(1, () -> {
            flipByte(f, 10);
            TestFiles.append(f, 50 * KIB, 5);
        }, restarts);

        UploadResult r = engine().upload(request(f, "trust.log", SnapshotMode.TRUSTED), editor);

        assertThat(restarts).isEmpty();
        assertThat(r.size()).isEqualTo(MIB);
        assertThat(remote.sha256(BUCKET, "trust.log"))
                .isEqualTo(TestFiles.sha256(new ByteArrayInputStream(sent)))
                .isNotEqualTo(sha256OfFirst(f, MIB));
        assertNothingLeftBehind();
    }

    @Test
    void withoutASnapshotGrowthDuringTheUploadRestartsIt() throws Exception {
        Path f = TestFiles.random(tmp.resolve("off.log"), MIB, 6);
        List<RestartReason> restarts = new ArrayList<>();
        UploadListener grower = onceAfterPart(1, () -> TestFiles.append(f, 50 * KIB, 7), restarts);

        UploadResult r = engine().upload(request(f, "off.log", SnapshotMode.OFF), grower);

        assertThat(restarts).containsExactly(RestartReason.FILE_CHANGED);
        assertThat(r.restarts()).isEqualTo(1);
        assertThat(r.size()).isEqualTo(MIB + 50 * KIB);
        assertObjectEqualsFile("off.log", f);
        assertNothingLeftBehind();
    }

    /**
     * A snapshot interrupted, then resumed after the file grew: still the same snapshot (invariant 8),
     * so only its missing parts are sent, to the key of the version it froze (invariant 9), here a
     * key named from the size.
     */
    @Test
    void readBackSnapshotResumedAfterGrowthKeepsItsVersionsKeyAndSendsOnlyTheMissingParts() throws Exception {
        Path f = TestFiles.random(tmp.resolve("resume.log"), MIB, 8);
        TargetNaming bySize = version -> new ObjectTarget("resume.log." + version.size(), ObjectOptions.DEFAULT);
        UploadRequest request = new UploadRequest(f, BUCKET, bySize, PART_100K, 1).withSnapshot(SnapshotMode.READ_BACK);
        assertThatThrownBy(() -> impatientEngine().upload(request, refusePartsAfter(3)))
                .isInstanceOf(UploadFailedException.class);
        emulator.emulator().faults().clear();
        TestFiles.append(f, 10 * KIB, 9);
        emulator.emulator().counters().reset();

        List<RestartReason> reasons = new ArrayList<>();
        UploadResult r = engine().upload(request, restarts(reasons));

        assertThat(reasons).isEmpty();
        assertThat(r.key()).isEqualTo("resume.log." + MIB);
        assertThat(r.size()).isEqualTo(MIB);
        assertThat(r.partsResumed()).isEqualTo(3);
        assertThat(bytesReceived()).isEqualTo(MIB - 300 * KIB);
        assertThat(remote.sha256(BUCKET, r.key())).isEqualTo(sha256OfFirst(f, MIB));
        assertThat(remote.exists(BUCKET, "resume.log." + (MIB + 10 * KIB))).isFalse();
        assertNothingLeftBehind();
    }


    /** A snapshot smaller than a part is one multipart part, never a PutObject (which would send the growth too). */
    @Test
    void snapshotSmallerThanAPartGoesAsOnePartOfExactlyItsBytes() throws Exception {
        Path f = TestFiles.random(tmp.resolve("small.log"), 50 * KIB, 10);
        List<RestartReason> reasons = new ArrayList<>();
        UploadListener grower = onceAfterPart(1, () -> TestFiles.append(f, 20 * KIB, 11), reasons);

        UploadResult r = engine().upload(request(f, "small.log", SnapshotMode.READ_BACK), grower);

        assertThat(reasons).isEmpty();
        assertThat(r.multipart()).isTrue();
        assertThat(r.size()).isEqualTo(50 * KIB);
        assertThat(emulator.emulator().counters().requests(OssOperation.PUT_OBJECT)).isZero();
        assertThat(bytesReceived()).isEqualTo(50 * KIB);
        assertThat(remote.sha256(BUCKET, "small.log")).isEqualTo(sha256OfFirst(f, 50 * KIB));
        assertNothingLeftBehind();
    }

}
