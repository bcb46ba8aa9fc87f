package io.ossync.upload;

import io.ossync.config.KeyTemplate;
import io.ossync.emulator.OssOperation;
import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectOptions;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The upload engine against the strict emulator and a real SQLite state database: each of
 * DESIGN.md's invariants of the resumable upload, with the server's counters and the checkpoint
 * rows as the evidence.
 */
class ResumableUploadTest extends EngineTestBase {

    private static final Instant FIRST_MTIME = Instant.parse("2025-12-31T22:00:00Z");
    private static final Instant FINAL_MTIME = Instant.parse("2026-01-02T08:00:00Z");

    private UploadRequest request(Path file, String key, PartSizeSetting partSize) {
        return new UploadRequest(file, BUCKET, key, ObjectOptions.DEFAULT, partSize, 4);
    }

    /** File work a test does after each confirmed part (append, delete...). */
    private interface FileAction {
        void run() throws IOException;
    }

    private static UploadListener afterEachPart(FileAction action) {
        return new UploadListener() {
            @Override
            public void partConfirmed(int partNumber, long bytes) {
                try {
                    action.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private void interruptAfter(Path file, String key, int parts) {
        interruptAfter(file, TargetNaming.fixed(key, ObjectOptions.DEFAULT), parts);
    }

    /** Uploads until {@code parts} parts are confirmed, then fails the rest with an access error. */
    private void interruptAfter(Path file, TargetNaming naming, int parts) {
        UploadListener stopper = refusePartsAfter(parts);
        assertThatThrownBy(() -> impatientEngine().upload(new UploadRequest(file, BUCKET, naming, PART_100K, 1), stopper))
                .isInstanceOf(UploadFailedException.class)
                .satisfies(e -> assertThat(((UploadFailedException) e).reason()).isEqualTo(UploadFailedException.Reason.STORE));
        emulator.emulator().faults().clear();
    }

    /** A watch's naming, like the daemon's: the mtime's day in the key, the mtime in x-oss-meta-mtime. */
    private static TargetNaming dated(String name) {
        KeyTemplate prefix = KeyTemplate.parse("logs/{date:yyyy/MM/dd}/", "host");
        return version -> {
            Instant mtime = Instant.ofEpochSecond(0, version.mtimeNanos());
            return new ObjectTarget(prefix.keyFor(Path.of(name), mtime),
                    ObjectOptions.DEFAULT.withUserMetadata(Map.of("mtime", Long.toString(mtime.getEpochSecond()))));
        };
    }

    /** A new version of the file, written in place (same inode): same size, new bytes, this mtime. */
    /**
     * New bytes over the old ones, in place and at the same size: the file is never shorter, so
     * parts in flight read whole regions (a truncation would be another change, with its own test).
     */
    private static void rewrite(Path file, long seed, Instant mtime) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(Files.size(file))];
        new Random(seed).nextBytes(bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer, buffer.position());
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    private void assertObjectIsTheFinalVersion(UploadResult r, String key, Path file) throws IOException {
        assertThat(r.key()).as("the key verified").isEqualTo(key);
        assertThat(r.identity()).isEqualTo(FileIdentity.read(file));
        assertObjectEqualsFile(key, file);
        assertThat(remote.userMetadata(BUCKET, key))
                .containsEntry("mtime", Long.toString(FileIdentity.read(file).mtimeNanos() / 1_000_000_000L));
    }

    @Test
    void smallAndEmptyFilesGoUpWithOnePutObject() throws Exception {
        Path small = TestFiles.random(tmp.resolve("small.bin"), 50 * KIB, 1);
        Path empty = Files.createFile(tmp.resolve("empty.bin"));
        UploadResult r = engine().upload(request(small, "small.bin", PART_100K), UploadListener.NONE);
        UploadResult e = engine().upload(request(empty, "empty.bin", PART_100K), UploadListener.NONE);

        assertThat(r.multipart()).isFalse();
        assertThat(e.size()).isZero();
        assertThat(e.crc64()).isZero();
        assertThat(emulator.emulator().counters().requests(OssOperation.PUT_OBJECT)).isEqualTo(2);
        assertThat(emulator.emulator().counters().requests(OssOperation.INITIATE_MULTIPART_UPLOAD)).isZero();
        assertObjectEqualsFile("small.bin", small);
        assertObjectEqualsFile("empty.bin", empty);
        assertNothingLeftBehind();
    }

    @Test
    void multipartUploadSendsEachByteOnceAndVerifiesTheObject() throws Exception {
        Path f = TestFiles.random(tmp.resolve("m.bin"), 1000 * KIB + 123, 2);
        List<Long> progress = new ArrayList<>();
        AtomicInteger started = new AtomicInteger();
        UploadResult r = engine().upload(request(f, "dir/m.bin", PART_100K), new UploadListener() {
            @Override
            public void started(long totalBytes, int totalParts, int resumedParts, long confirmedBytes) {
                started.incrementAndGet();
                assertThat(totalParts).isEqualTo(11);
            }

            @Override
            public synchronized void partConfirmed(int partNumber, long bytes) {
                progress.add(bytes);
            }
        });
        assertThat(r.multipart()).isTrue();
        assertThat(r.partCount()).isEqualTo(11);
        assertThat(r.partsSent()).isEqualTo(11);
        assertThat(r.restarts()).isZero();
        assertThat(started).hasValue(1);
        assertThat(progress.stream().mapToLong(Long::longValue).sum()).isEqualTo(Files.size(f));
        assertThat(bytesReceived()).isEqualTo(Files.size(f));
        assertThat(emulator.emulator().counters().requests(OssOperation.UPLOAD_PART)).isEqualTo(11);
        assertObjectEqualsFile("dir/m.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void resumeSendsOnlyThePartsNotRecorded() throws Exception {
        Path f = TestFiles.random(tmp.resolve("r.bin"), 1000 * KIB, 3);
        interruptAfter(f, "r.bin", 4);
        assertThat(rows("parts")).isEqualTo(4);
        assertThat(rows("uploads")).isEqualTo(1);

        emulator.emulator().counters().reset();
        AtomicInteger resumed = new AtomicInteger(-1);
        UploadResult r = engine().upload(request(f, "r.bin", PART_100K), new UploadListener() {
            @Override
            public void started(long totalBytes, int totalParts, int resumedParts, long confirmedBytes) {
                resumed.set(resumedParts);
                assertThat(confirmedBytes).isEqualTo(4 * 100 * KIB);
            }
        });
        assertThat(resumed).hasValue(4);
        assertThat(r.partsResumed()).isEqualTo(4);
        assertThat(r.partsSent()).isEqualTo(6);
        assertThat(bytesReceived()).isEqualTo(Files.size(f) - 4 * 100 * KIB);
        assertObjectEqualsFile("r.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void fileTouchedBetweenRunsWithSameSizeRestartsAllPartsAndAbortsTheOldUpload() throws Exception {
        Path f = TestFiles.random(tmp.resolve("t.bin"), 600 * KIB, 4);
        interruptAfter(f, "t.bin", 2);
        List<String> old = remote.openUploads(BUCKET, "t.bin");
        assertThat(old).hasSize(1);

        // Same size, new content and mtime.
        TestFiles.random(f, 600 * KIB, 44);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        emulator.emulator().counters().reset();
        UploadResult r = engine().upload(request(f, "t.bin", PART_100K), UploadListener.NONE);

        assertThat(r.restarts()).isEqualTo(1);
        assertThat(r.partsResumed()).isZero();
        assertThat(bytesReceived()).isEqualTo(Files.size(f));
        assertThat(emulator.emulator().counters().requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
        assertObjectEqualsFile("t.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void fileAppendedBetweenRunsRestartsAllParts() throws Exception {
        Path f = TestFiles.random(tmp.resolve("a.bin"), 600 * KIB, 5);
        interruptAfter(f, "a.bin", 3);
        TestFiles.append(f, 150 * KIB, 55);
        emulator.emulator().counters().reset();
        UploadResult r = engine().upload(request(f, "a.bin", PART_100K), UploadListener.NONE);

        assertThat(r.restarts()).isEqualTo(1);
        assertThat(r.partCount()).isEqualTo(8);
        assertThat(bytesReceived()).isEqualTo(Files.size(f));
        assertObjectEqualsFile("a.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void fileAppendedWhilePartsAreInFlightRestartsAndUploadsTheFinalFile() throws Exception {
        Path f = TestFiles.random(tmp.resolve("live.bin"), 1000 * KIB, 6);
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(30));
        AtomicBoolean appended = new AtomicBoolean();
        AtomicInteger restartsSeen = new AtomicInteger();
        UploadResult r = engine().upload(request(f, "live.bin", PART_100K), new UploadListener() {
            @Override
            public void partConfirmed(int partNumber, long bytes) {
                if (appended.compareAndSet(false, true)) {
                    try {
                        TestFiles.append(f, 10 * KIB, 66);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void restarted(RestartReason reason, String detail) {
                assertThat(reason).isEqualTo(RestartReason.FILE_CHANGED);
                restartsSeen.incrementAndGet();
            }
        });
        assertThat(r.restarts()).isEqualTo(1);
        assertThat(restartsSeen).hasValue(1);
        assertThat(r.size()).isEqualTo(1010 * KIB);
        assertObjectEqualsFile("live.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void fileThatKeepsChangingFailsAfterThreeRestartsAndLeavesNothingOpen() throws Exception {
        Path f = TestFiles.random(tmp.resolve("busy.bin"), 500 * KIB, 7);
        AtomicInteger n = new AtomicInteger();
        UploadListener appender = afterEachPart(() -> TestFiles.append(f, 1, n.incrementAndGet()));
        assertThatThrownBy(() -> engine().upload(request(f, "busy.bin", PART_100K), appender))
                .isInstanceOf(UploadFailedException.class)
                .hasMessageContaining("file keeps changing")
                .satisfies(e -> assertThat(((UploadFailedException) e).reason())
                        .isEqualTo(UploadFailedException.Reason.FILE_KEEPS_CHANGING));
        assertNothingLeftBehind();
    }

    @Test
    void checkpointRowEditedBehindTheStoresBackIsCorruptAndAllPartsAreSentAgain() throws Exception {
        Path f = TestFiles.random(tmp.resolve("c.bin"), 700 * KIB, 8);
        interruptAfter(f, "c.bin", 3);
        sql("UPDATE uploads SET part_size = part_size * 2");
        emulator.emulator().counters().reset();
        AtomicInteger corrupt = new AtomicInteger();
        UploadResult r = engine().upload(request(f, "c.bin", PART_100K), new UploadListener() {
            @Override
            public void restarted(RestartReason reason, String detail) {
                if (reason == RestartReason.CHECKPOINT_CORRUPT) {
                    corrupt.incrementAndGet();
                }
            }
        });
        assertThat(corrupt).hasValue(1);
        assertThat(r.partsResumed()).isZero();
        assertThat(bytesReceived()).isEqualTo(Files.size(f));
        assertObjectEqualsFile("c.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void uploadAbortedOnTheServerBehindOurBackRestarts() throws Exception {
        Path f = TestFiles.random(tmp.resolve("g.bin"), 500 * KIB, 9);
        interruptAfter(f, "g.bin", 2);
        String id = remote.openUploads(BUCKET, "g.bin").get(0);
        store.abortMultipartUpload(new UploadRef(BUCKET, "g.bin", id));

        UploadResult r = engine().upload(request(f, "g.bin", PART_100K), UploadListener.NONE);
        assertThat(r.restarts()).isEqualTo(1);
        assertObjectEqualsFile("g.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void fileDeletedMidUploadLeavesNoOpenUploadAndNoRows() throws Exception {
        Path f = TestFiles.random(tmp.resolve("d.bin"), 800 * KIB, 10);
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(20));
        AtomicBoolean deleted = new AtomicBoolean();
        assertThatThrownBy(() -> engine().upload(request(f, "d.bin", PART_100K), afterEachPart(() -> {
            if (deleted.compareAndSet(false, true)) {
                Files.delete(f);
            }
        }))).isInstanceOf(UploadFailedException.class)
                .satisfies(e -> assertThat(((UploadFailedException) e).reason()).isEqualTo(UploadFailedException.Reason.FILE_NOT_FOUND));
        assertThat(remote.exists(BUCKET, "d.bin")).isFalse();
        assertNothingLeftBehind();
    }

    @Test
    void transientPartFailuresAreRetriedPerRequest() throws Exception {
        Path f = TestFiles.random(tmp.resolve("x.bin"), 400 * KIB, 11);
        emulator.emulator().faults().failNext(OssOperation.UPLOAD_PART, 2, 503, "ServiceUnavailable");
        emulator.emulator().faults().cutAfterBodyBytes(OssOperation.UPLOAD_PART, 1, 20 * KIB);
        UploadResult r = engine().upload(request(f, "x.bin", PART_100K), UploadListener.NONE);
        assertThat(r.restarts()).isZero();
        assertThat(emulator.emulator().counters().requests(OssOperation.UPLOAD_PART)).isEqualTo(4 + 3);
        assertObjectEqualsFile("x.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void completeThatTimedOutButWorkedIsVerifiedByHeadAndNotSentAgainBlindly() throws Exception {
        Path f = TestFiles.random(tmp.resolve("ct.bin"), 300 * KIB, 12);
        try (ObjectStore impatient = storeWithSocketTimeout(Duration.ofMillis(700))) {
            emulator.emulator().faults().latency(OssOperation.COMPLETE_MULTIPART_UPLOAD, Duration.ofMillis(1500));
            UploadResult r = engine(impatient).upload(request(f, "ct.bin", PART_100K), UploadListener.NONE);
            assertThat(r.crc64()).isNotZero();
        }
        assertThat(emulator.emulator().counters().requests(OssOperation.HEAD_OBJECT)).isGreaterThanOrEqualTo(1);
        assertObjectEqualsFile("ct.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void crashBetweenIntentAndInitiateLeavesNoOrphan() throws Exception {
        Path f = TestFiles.random(tmp.resolve("o.bin"), 300 * KIB, 13);
        // What a kill -9 right after Initiate was sent leaves: a row without an upload id, and an upload.
        checkpoints().beginIntent(f, BUCKET, "o.bin", 100 * KIB, FileIdentity.read(f));
        store.initiateMultipartUpload(BUCKET, "o.bin", ObjectOptions.DEFAULT);

        UploadResult r = engine().upload(request(f, "o.bin", PART_100K), UploadListener.NONE);
        assertThat(r.restarts()).as("no part was sent before: not a restart").isZero();
        assertThat(emulator.emulator().counters().requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
        assertObjectEqualsFile("o.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void uploadCompletedJustBeforeACrashIsRecognisedWithoutSendingAgain() throws Exception {
        Path f = TestFiles.random(tmp.resolve("cc.bin"), 350 * KIB, 14);
        emulator.emulator().faults().failNext(OssOperation.COMPLETE_MULTIPART_UPLOAD, 100, 403, "AccessDenied");
        assertThatThrownBy(() -> engine().upload(request(f, "cc.bin", PART_100K), UploadListener.NONE))
                .isInstanceOf(UploadFailedException.class);
        emulator.emulator().faults().clear();
        // The Complete that worked but whose end was never recorded: done here, behind the engine's back.
        var found = (io.ossync.checkpoint.Lookup.Found) checkpoints().find(f, BUCKET, "cc.bin");
        store.completeMultipartUpload(found.checkpoint().uploadRef(), found.parts().stream()
                .map(p -> new io.ossync.store.ObjectStore.CompletedPart(p.partNumber(), p.etag())).toList());

        emulator.emulator().counters().reset();
        UploadResult r = engine().upload(request(f, "cc.bin", PART_100K), UploadListener.NONE);
        assertThat(r.restarts()).isZero();
        assertThat(r.partsResumed()).isEqualTo(4);
        assertThat(bytesReceived()).as("nothing sent again").isZero();
        assertObjectEqualsFile("cc.bin", f);
        assertNothingLeftBehind();
    }

    @Test
    void fileRewrittenDuringItsUploadGoesToTheKeyAndMetadataOfTheFinalVersion() throws Exception {
        Path f = TestFiles.random(tmp.resolve("big.bin"), 24 * 100 * KIB, 15);
        Files.setLastModifiedTime(f, FileTime.from(FIRST_MTIME));
        AtomicInteger confirmed = new AtomicInteger();
        UploadListener rewriter = afterEachPart(() -> {
            if (confirmed.incrementAndGet() == 6) {
                rewrite(f, 16, FINAL_MTIME);
            }
        });

        UploadResult r = engine().upload(new UploadRequest(f, BUCKET, dated("big.bin"), PART_100K, 4), rewriter);

        assertThat(r.restarts()).isEqualTo(1);
        assertObjectIsTheFinalVersion(r, "logs/2026/01/02/big.bin", f);
        assertThat(remote.exists(BUCKET, "logs/2025/12/31/big.bin")).isFalse();
        assertThat(remote.openUploads(BUCKET, "logs/2025/12/31/")).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void fileRewrittenAfterAnInterruptionIsUploadedToTheNewKeyAndTheOldKeysUploadAborted() throws Exception {
        Path f = TestFiles.random(tmp.resolve("big.bin"), 24 * 100 * KIB, 17);
        Files.setLastModifiedTime(f, FileTime.from(FIRST_MTIME));
        interruptAfter(f, dated("big.bin"), 5);
        assertThat(remote.openUploads(BUCKET, "logs/2025/12/31/")).hasSize(1);
        assertThat(rows("uploads")).isEqualTo(1);

        rewrite(f, 18, FINAL_MTIME);
        emulator.emulator().counters().reset();
        UploadResult r = engine().upload(new UploadRequest(f, BUCKET, dated("big.bin"), PART_100K, 4),
                UploadListener.NONE);

        assertThat(r.restarts()).isEqualTo(1);
        assertThat(r.partsResumed()).isZero();
        assertThat(emulator.emulator().counters().requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
        assertObjectIsTheFinalVersion(r, "logs/2026/01/02/big.bin", f);
        assertThat(remote.exists(BUCKET, "logs/2025/12/31/big.bin")).isFalse();
        assertNothingLeftBehind();
    }

    @Test
    void sameVersionUnderAnotherNamingRestartsAtTheNewKey() throws Exception {
        Path f = TestFiles.random(tmp.resolve("n.bin"), 500 * KIB, 19);
        interruptAfter(f, "old/n.bin", 2);
        List<RestartReason> reasons = new ArrayList<>();

        UploadResult r = engine().upload(request(f, "new/n.bin", PART_100K), new UploadListener() {
            @Override
            public void restarted(RestartReason reason, String detail) {
                reasons.add(reason);
            }
        });

        assertThat(reasons).containsExactly(RestartReason.KEY_CHANGED);
        assertThat(r.key()).isEqualTo("new/n.bin");
        assertObjectEqualsFile("new/n.bin", f);
        assertThat(remote.exists(BUCKET, "old/n.bin")).isFalse();
        assertNothingLeftBehind();
    }

    /**
     * A path that names another file (new inode) after a restart is not this upload's file any
     * more: the engine stops with FILE_REPLACED and the caller decides anew (the daemon re-runs the
     * job, which first lets a renamed file's copy use the object the new file would replace).
     */
    @Test
    void aFileReplacedDuringItsUploadEndsItWithFileReplaced() throws Exception {
        Path f = TestFiles.random(tmp.resolve("replaced.bin"), 1024 * KIB, 31);
        Path other = TestFiles.random(tmp.resolve("other.bin"), 1024 * KIB, 32);
        List<RestartReason> restarts = new ArrayList<>();
        UploadListener replacer = onceAfterPart(2, () -> Files.move(other, f,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING), restarts);

        assertThatThrownBy(() -> engine().upload(new UploadRequest(f, BUCKET, "replaced.bin", ObjectOptions.DEFAULT,
                PART_100K, 1), replacer))
                .isInstanceOfSatisfying(UploadFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(UploadFailedException.Reason.FILE_REPLACED));
        assertThat(restarts).containsExactly(RestartReason.FILE_CHANGED);
        assertNothingLeftBehind();
    }
}
