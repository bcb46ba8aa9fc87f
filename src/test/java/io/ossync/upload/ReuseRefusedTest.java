package io.ossync.upload;

import io.ossync.emulator.OssOperation;
import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectOptions;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reason not to reuse bytes already on the server (DESIGN.md, invariant 7), through the engine
 * against the strict emulator: the local prefix rewritten, the object deleted or replaced, too small
 * to be a part, of another storage class. Each time the whole file is sent and the object equals it.
 * And the risk {@code append-only} takes: a prefix rewritten in place is not noticed.
 */
class ReuseRefusedTest extends ReuseTestBase {

    @Test
    void prefixRewrittenInPlaceThenGrownIsCaughtByTheLocalCrcAndTheWholeFileSent() throws Exception {
        Path f = uploadedLog(3);
        String inode = FileIdentity.read(f).fileKey();
        flipByte(f, 500 * KIB);
        TestFiles.append(f, 300 * KIB, 4);
        assertThat(FileIdentity.read(f).fileKey()).as("same file, grown").isEqualTo(inode);

        UploadResult r = engine().upload(nextUpload(f, 4, false), UploadListener.NONE);

        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isZero();
        assertSentWhole(r, f);
    }

    /**
     * {@code append-only} trusts that the first bytes of a grown file are those uploaded and reads
     * none of them: a file rewritten in place and grown is then stored wrong. This pins the risk the
     * watch option documents; the object verifies (its CRC-64 is the parts') yet is not the file.
     */
    @Test
    void trustedGrowthDoesNotReadThePrefixSoAnInPlaceRewriteGoesUnnoticed() throws Exception {
        Path f = uploadedLog(5);
        byte[] uploaded = Files.readAllBytes(f);
        flipByte(f, 500 * KIB);
        TestFiles.append(f, 300 * KIB, 6);

        UploadResult r = engine().upload(nextUpload(f, 4, true), UploadListener.NONE);

        assertThat(r.how()).isEqualTo(UploadResult.How.APPEND);
        assertThat(bytesReceived()).isEqualTo(300 * KIB);
        byte[] now = Files.readAllBytes(f);
        byte[] expected = now.clone();
        System.arraycopy(uploaded, 0, expected, 0, uploaded.length);
        assertThat(remote.sha256(BUCKET, LOG))
                .as("the object holds the old first MiB and the new tail, not the file")
                .isNotEqualTo(TestFiles.sha256(f))
                .isEqualTo(TestFiles.sha256(new java.io.ByteArrayInputStream(expected)));
        assertNothingLeftBehind();
    }

    @Test
    void candidateDeletedBehindOurBackMeansTheWholeFileIsSent() throws Exception {
        Path f = uploadedLog(7);
        store.deleteObject(BUCKET, LOG);
        TestFiles.append(f, 300 * KIB, 8);
        counters().reset();

        UploadResult r = engine().upload(nextUpload(f, 4, false), UploadListener.NONE);

        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isZero();
        assertSentWhole(r, f);
    }

    @Test
    void candidateReplacedByOtherBytesMeansTheWholeFileIsSent() throws Exception {
        Path f = uploadedLog(9);
        Path other = TestFiles.random(tmp.resolve("other.bin"), MIB, 10);
        store.putObject(BUCKET, LOG, other, ObjectOptions.DEFAULT);
        TestFiles.append(f, 300 * KIB, 11);
        counters().reset();

        UploadResult r = engine().upload(nextUpload(f, 4, false), UploadListener.NONE);

        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isZero();
        assertSentWhole(r, f);
    }

    @Test
    void objectSmallerThanAPartIsNotReusedAndNotEvenLookedAt() throws Exception {
        Path f = TestFiles.random(tmp.resolve("s.log"), 50 * KIB, 23);
        UploadResult uploaded = uploadedOnce(f, sized("s.log"));
        TestFiles.append(f, 300 * KIB, 24);

        UploadResult r = engine().upload(new UploadRequest(f, BUCKET, sized("s.log"), PART_100K, 4)
                .withReuse(candidateFrom(uploaded, false)), UploadListener.NONE);

        assertThat(requests(OssOperation.HEAD_OBJECT)).isZero();
        assertSentWhole(r, f);
    }

    @Test
    void objectOfAnotherStorageClassIsNotReused() throws Exception {
        Path f = uploadedLog(25);
        TestFiles.append(f, 300 * KIB, 26);
        TargetNaming infrequent = TargetNaming.fixed(LOG,
                new ObjectOptions(null, StorageClass.IA, ServerSideEncryption.NONE, Map.of()));

        UploadResult r = engine().upload(new UploadRequest(f, BUCKET, infrequent, PART_100K, 4)
                .withReuse(candidateFrom(first, false)), UploadListener.NONE);

        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isZero();
        assertSentWhole(r, f);
    }

    /**
     * A key allowed to write but not to read (a write-only RAM policy, common for backups) cannot
     * HEAD the candidate: a doubt like any other, the bytes are sent, the upload does not fail.
     */
    @Test
    void candidateThatCannotBeLookedAtMeansTheWholeFileIsSent() throws Exception {
        Path f = uploadedLog(27);
        TestFiles.append(f, 300 * KIB, 28);
        emulator.emulator().faults().failNext(OssOperation.HEAD_OBJECT, 1000, 403, "AccessDenied");

        UploadResult r = engine().upload(nextUpload(f, 4, false), UploadListener.NONE);

        emulator.emulator().faults().clear();
        assertThat(requests(OssOperation.UPLOAD_PART_COPY)).isZero();
        assertSentWhole(r, f);
    }

}
