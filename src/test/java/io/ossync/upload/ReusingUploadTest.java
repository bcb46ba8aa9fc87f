package io.ossync.upload;

import io.ossync.emulator.OssOperation;
import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectOptions;
import io.ossync.store.ObjectStore;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-side reuse (DESIGN.md, invariant 7) through the engine, against the strict emulator and a
 * real SQLite state database: a grown file's old object copied as its first part then the new bytes
 * sent, a renamed or touched file copied whole, a source changed under the copy, an interrupted
 * copy resumed (the refusals are in {@link ReuseRefusedTest}). The evidence: the object's
 * digest, the bytes the emulator received and copied, its requests per operation, the checkpoint rows.
 * Part size 100 KiB; copies of more than one range (sources over 5 GiB) are left to PartPlanTest.
 */
class ReusingUploadTest extends ReuseTestBase {

    @Test
    void grownFileCopiesItsOldObjectAndSendsOnlyTheNewBytes() throws Exception {
        Path f = uploadedLog(1);
        TestFiles.append(f, 300 * KIB, 2);

        List<Long> copied = new ArrayList<>();
        UploadResult r = engine().upload(nextUpload(f, 4, false), new UploadListener() {
            @Override
            public synchronized void partCopied(int partNumber, long bytes) {
                copied.add(bytes);
            }
        });

        assertThat(r.how()).isEqualTo(UploadResult.How.APPEND);
        assertThat(r.size()).isEqualTo(MIB + 300 * KIB);
        assertThat(r.bytesSent()).isEqualTo(300 * KIB);
        assertThat(r.bytesCopied()).isEqualTo(MIB);
        assertThat(copied).containsExactly((long) MIB);
        assertThat(bytesReceived()).as("only the appended bytes were sent").isEqualTo(300 * KIB);
        assertThat(counters().bytesCopied(OssOperation.UPLOAD_PART_COPY)).isEqualTo(MIB);
        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isEqualTo(1);
        assertThat(requests(OssOperation.UPLOAD_PART)).isEqualTo(3);
        assertThat(requests(OssOperation.PUT_OBJECT)).isZero();
        assertObjectEqualsFile(LOG, f);
        assertThat(remote.userMetadata(BUCKET, LOG)).containsEntry("size", Long.toString(MIB + 300 * KIB));
        assertNothingLeftBehind();
    }

    @Test
    void renamedFileIsOneCopyObjectWithTheNewTargetsMetadata() throws Exception {
        Path old = TestFiles.random(tmp.resolve("a.log"), MIB, 12);
        UploadResult uploaded = uploadedOnce(old, named("old/a.log", "a.log"));
        Path renamed = Files.move(old, tmp.resolve("b.log"));
        assertThat(FileIdentity.read(renamed)).as("a rename keeps the identity").isEqualTo(uploaded.identity());

        UploadResult r = engine().upload(new UploadRequest(renamed, BUCKET, named("new/b.log", "b.log"), PART_100K, 4)
                .withReuse(candidateFrom(uploaded, false)), UploadListener.NONE);

        assertThat(r.how()).isEqualTo(UploadResult.How.COPY);
        assertThat(r.bytesSent()).isZero();
        assertThat(r.bytesCopied()).isEqualTo(MIB);
        assertThat(r.crc64()).isEqualTo(uploaded.crc64());
        assertThat(requests(OssOperation.COPY_OBJECT)).isEqualTo(1);
        assertThat(counters().bytesCopied(OssOperation.COPY_OBJECT)).isEqualTo(MIB);
        assertThat(counters().bodyBytesReceived()).as("no byte sent").isZero();
        assertThat(requests(OssOperation.INITIATE_MULTIPART_UPLOAD)).isZero();
        assertThat(requests(OssOperation.UPLOAD_PART)).isZero();
        assertThat(requests(OssOperation.PUT_OBJECT)).isZero();
        assertObjectEqualsFile("new/b.log", renamed);
        assertThat(remote.userMetadata(BUCKET, "new/b.log")).containsEntry("name", "b.log");
        assertNothingLeftBehind();
    }

    @Test
    void touchedFileIsCopiedOntoItsOwnKeyWithTheNewVersionsMetadata() throws Exception {
        Path f = TestFiles.random(tmp.resolve("t.log"), MIB, 20);
        TargetNaming stamped = version -> new ObjectTarget("t.log",
                ObjectOptions.DEFAULT.withUserMetadata(Map.of("mtime-ns", Long.toString(version.mtimeNanos()))));
        UploadResult uploaded = uploadedOnce(f, stamped);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(3600)));

        UploadResult r = engine().upload(new UploadRequest(f, BUCKET, stamped, PART_100K, 4)
                .withReuse(candidateFrom(uploaded, false)), UploadListener.NONE);

        assertThat(r.how()).isEqualTo(UploadResult.How.COPY);
        assertThat(requests(OssOperation.COPY_OBJECT)).isEqualTo(1);
        assertThat(counters().bodyBytesReceived()).isZero();
        assertObjectEqualsFile("t.log", f);
        assertThat(remote.userMetadata(BUCKET, "t.log"))
                .containsEntry("mtime-ns", Long.toString(FileIdentity.read(f).mtimeNanos()));
        assertNothingLeftBehind();
    }

    @Test
    void grownFileUnderANewKeyCopiesFromTheOldKeyWhichStays() throws Exception {
        Path f = uploadedLog(21);
        String oldDigest = remote.sha256(BUCKET, LOG);
        TestFiles.append(f, 150 * KIB, 22);
        TargetNaming bySize = version -> new ObjectTarget(LOG + "." + version.size(), ObjectOptions.DEFAULT);

        UploadResult r = engine().upload(new UploadRequest(f, BUCKET, bySize, PART_100K, 4)
                .withReuse(candidateFrom(first, false)), UploadListener.NONE);

        assertThat(r.key()).isEqualTo(LOG + "." + (MIB + 150 * KIB));
        assertThat(r.how()).isEqualTo(UploadResult.How.APPEND);
        assertThat(bytesReceived()).isEqualTo(150 * KIB);
        assertThat(counters().bytesCopied()).isEqualTo(MIB);
        assertObjectEqualsFile(r.key(), f);
        assertThat(remote.sha256(BUCKET, LOG)).as("the source object is left as it was").isEqualTo(oldDigest);
        assertNothingLeftBehind();
    }

    /** A fixed key, with the file's name in {@code x-oss-meta-name}. */
    private static TargetNaming named(String key, String name) {
        return TargetNaming.fixed(key, ObjectOptions.DEFAULT.withUserMetadata(Map.of("name", name)));
    }

    @Test
    void sourceReplacedJustBeforeTheUploadPartCopyRestartsWithoutReuse() throws Exception {
        Path f = uploadedLog(13);
        TestFiles.append(f, 300 * KIB, 14);
        Path other = TestFiles.random(tmp.resolve("other.bin"), MIB, 15);
        AtomicBoolean replaced = new AtomicBoolean();
        ObjectStore racing = new ForwardingObjectStore(store) {
            @Override
            public CopiedPart uploadPartCopy(UploadRef upload, int partNumber, String sourceKey, String sourceEtag,
                                             long offset, long length) {
                if (replaced.compareAndSet(false, true)) {
                    delegate.putObject(upload.bucket(), sourceKey, other, ObjectOptions.DEFAULT);
                }
                return delegate.uploadPartCopy(upload, partNumber, sourceKey, sourceEtag, offset, length);
            }
        };

        List<RestartReason> reasons = new ArrayList<>();
        // One part at a time: the copy (part 1) fails before any tail part is sent.
        UploadResult r = engine(racing).upload(nextUpload(f, 1, false), restarts(reasons));

        assertThat(reasons).containsExactly(RestartReason.COPY_SOURCE_CHANGED);
        assertThat(r.restarts()).isEqualTo(1);
        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).as("the one copy refused").isEqualTo(1);
        assertThat(requests(OssOperation.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
        assertThat(counters().bodyBytesReceived(OssOperation.UPLOAD_PART)).as("every byte, once").isEqualTo(Files.size(f));
        assertThat(counters().bytesCopied()).isZero();
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
        assertObjectEqualsFile(LOG, f);
        assertNothingLeftBehind();
    }

    @Test
    void sourceReplacedJustBeforeTheCopyObjectRestartsWithoutReuse() throws Exception {
        Path old = TestFiles.random(tmp.resolve("a.log"), MIB, 16);
        UploadResult uploaded = uploadedOnce(old, named("old/a.log", "a.log"));
        Path renamed = Files.move(old, tmp.resolve("b.log"));
        Path other = TestFiles.random(tmp.resolve("other.bin"), MIB, 17);
        ObjectStore racing = new ForwardingObjectStore(store) {
            @Override
            public CopyResult copyObject(String bucket, String sourceKey, String sourceEtag, String key,
                                         ObjectOptions options) {
                delegate.putObject(bucket, sourceKey, other, ObjectOptions.DEFAULT);
                return delegate.copyObject(bucket, sourceKey, sourceEtag, key, options);
            }
        };

        List<RestartReason> reasons = new ArrayList<>();
        UploadResult r = engine(racing).upload(new UploadRequest(renamed, BUCKET, named("new/b.log", "b.log"),
                PART_100K, 4).withReuse(candidateFrom(uploaded, false)), restarts(reasons));

        assertThat(reasons).containsExactly(RestartReason.COPY_SOURCE_CHANGED);
        assertThat(requests(OssOperation.COPY_OBJECT)).isEqualTo(1);
        assertThat(counters().bodyBytesReceived(OssOperation.UPLOAD_PART)).isEqualTo(MIB);
        assertThat(counters().bytesCopied()).isZero();
        assertThat(r.how()).isEqualTo(UploadResult.How.WHOLE);
        assertObjectEqualsFile("new/b.log", renamed);
        assertThat(remote.userMetadata(BUCKET, "new/b.log")).containsEntry("name", "b.log");
        assertNothingLeftBehind();
    }

    /** A file change restarts the upload, but keeps reuse: the next attempt proves and copies the prefix again. */
    @Test
    void logGrowingDuringItsAppendRestartsAndAppendsAgain() throws Exception {
        Path f = uploadedLog(29);
        TestFiles.append(f, 300 * KIB, 30);
        List<RestartReason> reasons = new ArrayList<>();
        UploadListener grower = onceAfterPart(2, () -> TestFiles.append(f, 10 * KIB, 31), reasons);

        UploadResult r = engine().upload(nextUpload(f, 1, false), grower);

        assertThat(reasons).containsExactly(RestartReason.FILE_CHANGED);
        assertThat(r.how()).isEqualTo(UploadResult.How.APPEND);
        assertThat(r.size()).isEqualTo(MIB + 310 * KIB);
        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isEqualTo(2);
        assertThat(counters().bytesCopied()).isEqualTo(2L * MIB);
        assertObjectEqualsFile(LOG, f);
        assertNothingLeftBehind();
    }

    @Test
    void interruptedAppendResumesWithoutCopyingAgain() throws Exception {
        Path f = uploadedLog(18);
        TestFiles.append(f, 300 * KIB, 19);
        UploadRequest append = nextUpload(f, 1, false);
        UploadListener failTailAfterCopy = new UploadListener() {
            @Override
            public void partCopied(int partNumber, long bytes) {
                emulator.emulator().faults().failNext(OssOperation.UPLOAD_PART, 1000, 403, "AccessDenied");
            }
        };
        assertThatThrownBy(() -> impatientEngine().upload(append, failTailAfterCopy))
                .isInstanceOf(UploadFailedException.class)
                .satisfies(e -> assertThat(((UploadFailedException) e).reason()).isEqualTo(UploadFailedException.Reason.STORE));
        emulator.emulator().faults().clear();

        assertThat(rows("parts")).isEqualTo(1);
        try (Connection c = connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT p.part_number, p.part_offset, p.part_size, p.crc64, u.source_key,"
                     + " u.source_size, u.source_crc64, u.source_etag FROM parts p JOIN uploads u ON u.id = p.checkpoint_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getLong(2)).isZero();
            assertThat(rs.getLong(3)).isEqualTo(MIB);
            assertThat(rs.getLong(4)).as("the copied part's CRC-64 is the source's").isEqualTo(first.crc64());
            assertThat(rs.getString(5)).isEqualTo(LOG);
            assertThat(rs.getLong(6)).isEqualTo(MIB);
            assertThat(rs.getLong(7)).isEqualTo(first.crc64());
            assertThat(rs.getString(8)).isNotBlank();
        }
        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isEqualTo(1);

        counters().reset();
        UploadResult r = engine().upload(append, UploadListener.NONE);

        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).as("the copied part is not copied again").isZero();
        assertThat(r.partsResumed()).isEqualTo(1);
        assertThat(r.restarts()).isZero();
        assertThat(r.how()).isEqualTo(UploadResult.How.APPEND);
        assertThat(requests(OssOperation.UPLOAD_PART)).isEqualTo(3);
        assertThat(bytesReceived()).isEqualTo(300 * KIB);
        assertObjectEqualsFile(LOG, f);
        assertNothingLeftBehind();
    }
}
