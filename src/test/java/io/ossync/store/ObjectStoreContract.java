package io.ossync.store;

import com.aliyun.oss.common.utils.CRC64;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectStore.CompleteResult;
import io.ossync.store.ObjectStore.CompletedPart;
import io.ossync.store.ObjectStore.CopiedPart;
import io.ossync.store.ObjectStore.CopyResult;
import io.ossync.store.ObjectStore.MultipartUploadInfo;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.ObjectStore.Operation;
import io.ossync.store.ObjectStore.PartInfo;
import io.ossync.store.ObjectStore.PartResult;
import io.ossync.store.ObjectStore.PutResult;
import io.ossync.store.ObjectStore.UploadRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link ObjectStore} contract, run against the strict emulator: every operation, every kind of
 * {@link StoreException} with its HTTP status, CRC-64 checking, paging of the listings, and parts in
 * parallel. One subclass per implementation says how to open it ({@link #open}); the tests are
 * the same for all, as Litestream runs one suite per backend.
 */
public abstract class ObjectStoreContract {

    protected static final String BUCKET = EmulatorExtension.BUCKET;
    private static final int KIB = 1024;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @TempDir
    Path tmp;

    /**
     * The implementation under test, talking to the emulator at {@code endpoint} with
     * {@code credentials}; closing it releases everything it holds.
     */
    protected abstract ObjectStore open(String endpoint, OssCredentials credentials);

    /** The SDK store every implementation of this code base ends in. */
    protected static OssObjectStore sdkStore(String endpoint, OssCredentials credentials) {
        return new OssObjectStore(OssEndpoint.parse(endpoint, EmulatorExtension.REGION, false), credentials,
                new OssClientTuning(Duration.ofSeconds(5), Duration.ofSeconds(10), 16));
    }

    private ObjectStore store() {
        return storeWith(new OssCredentials(EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET,
                Optional.empty()));
    }

    private ObjectStore storeWith(OssCredentials credentials) {
        return open(emulator.endpoint(), credentials);
    }

    private Path file(String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return Files.write(tmp.resolve(name), data);
    }

    private static long crc(byte[] data) {
        CRC64 c = new CRC64();
        c.update(data, data.length);
        return c.getValue();
    }

    private long requests(OssOperation op) {
        return emulator.emulator().counters().requests(op);
    }

    @Test
    void putObjectReturnsTheKnownCrc64VectorAndHeadDescribesTheObject() throws IOException {
        Path f = Files.writeString(tmp.resolve("v.txt"), "123456789");
        try (ObjectStore s = store()) {
            ObjectOptions opts = new ObjectOptions("text/plain", StorageClass.IA, ServerSideEncryption.AES256,
                    Map.of("mtime", "1700000000", "color", "blue"));
            PutResult put = s.putObject(BUCKET, "dir/v.txt", f, opts);
            assertThat(put.crc64()).isEqualTo(0x995DC9BBDF1939FAL);

            ObjectInfo head = s.headObject(BUCKET, "dir/v.txt").orElseThrow();
            assertThat(head.size()).isEqualTo(9);
            assertThat(head.crc64()).hasValue(0x995DC9BBDF1939FAL);
            assertThat(head.etag()).isEqualTo(put.etag());
            assertThat(head.contentType()).isEqualTo("text/plain");
            assertThat(head.storageClass()).isEqualTo("IA");
            assertThat(head.userMetadata()).containsEntry("mtime", "1700000000").containsEntry("color", "blue");
            assertThat(head.lastModified()).isNotNull();
        }
    }

    @Test
    void emptyObjectHasCrcZero() throws IOException {
        Path f = Files.createFile(tmp.resolve("empty"));
        try (ObjectStore s = store()) {
            assertThat(s.putObject(BUCKET, "empty", f, ObjectOptions.DEFAULT).crc64()).isZero();
            assertThat(s.headObject(BUCKET, "empty").orElseThrow().size()).isZero();
        }
    }

    @Test
    void headOfAbsentObjectIsEmptyAndDeleteIsIdempotent() throws IOException {
        try (ObjectStore s = store()) {
            assertThat(s.headObject(BUCKET, "nope")).isEmpty();
            s.putObject(BUCKET, "gone", file("g", 10, 1), ObjectOptions.DEFAULT);
            s.deleteObject(BUCKET, "gone");
            s.deleteObject(BUCKET, "gone");
            assertThat(s.headObject(BUCKET, "gone")).isEmpty();
        }
    }

    @Test
    void listObjectsPagesThroughAPrefixInKeyOrderWithoutCrc() throws IOException {
        try (ObjectStore s = store()) {
            Path f = file("l", 10, 3);
            for (String key : List.of("list/c", "list/a", "list/b/deep", "list/d", "listing-not", "other/x")) {
                s.putObject(BUCKET, key, f, ObjectOptions.DEFAULT);
            }
            List<String> keys = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            String token = null;
            do {
                ObjectStore.ObjectPage page = s.listObjects(BUCKET, "list/", token, 2);
                assertThat(page.objects()).hasSizeLessThanOrEqualTo(2);
                page.objects().forEach(o -> {
                    keys.add(o.key());
                    assertThat(o.size()).isEqualTo(10);
                    assertThat(o.storageClass()).isEqualTo("Standard");
                    assertThat(o.lastModified()).isNotNull();
                    assertThat(o.etag()).isNotBlank();
                });
                token = page.nextToken();
                tokens.add(token);
            } while (token != null);
            assertThat(keys).containsExactly("list/a", "list/b/deep", "list/c", "list/d");
            assertThat(tokens).hasSize(2).last().isNull();
            assertThat(s.listObjects(BUCKET, "", null, 1000).objects()).hasSize(6);
            assertThat(s.listObjects(BUCKET, "none/", null, 1000).objects()).isEmpty();
            assertThat(s.listObjects(BUCKET, "none/", null, 1000).last()).isTrue();
        }
    }

    @Test
    void multipartUploadInParallelFromFileRegionsCompletesWithCombinedCrc() throws Exception {
        int partSize = 100 * KIB;
        int size = 5 * partSize + 777;
        Path f = file("big.bin", size, 42);
        byte[] all = Files.readAllBytes(f);
        try (ObjectStore s = store()) {
            ObjectOptions opts = ObjectOptions.DEFAULT.withContentType("application/x-test").withUserMetadata(Map.of("a", "b"));
            UploadRef up = s.initiateMultipartUpload(BUCKET, "big.bin", opts);
            int parts = (size + partSize - 1) / partSize;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<PartResult>> futures = new ArrayList<>();
            // Upload in reverse order, four at a time: the server must not care.
            for (int n = parts; n >= 1; n--) {
                int part = n;
                long off = (long) (n - 1) * partSize;
                long len = Math.min(partSize, size - off);
                futures.add(pool.submit(() -> s.uploadPart(up, part, f, off, len)));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<PartResult> fu : futures) {
                PartResult r = fu.get();
                long off = (long) (r.partNumber() - 1) * partSize;
                int len = (int) Math.min(partSize, size - off);
                byte[] slice = Arrays.copyOfRange(all, (int) off, (int) off + len);
                assertThat(r.crc64()).as("crc of part %d", r.partNumber()).isEqualTo(crc(slice));
                done.add(new CompletedPart(r.partNumber(), r.etag()));
            }
            pool.shutdown();
            done.sort(Comparator.comparingInt(CompletedPart::partNumber));

            List<PartInfo> listed = s.listParts(up);
            assertThat(listed).extracting(PartInfo::partNumber).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(listed).extracting(PartInfo::size).containsExactly(
                    (long) partSize, (long) partSize, (long) partSize, (long) partSize, (long) partSize, 777L);
            assertThat(listed).extracting(PartInfo::etag)
                    .containsExactlyElementsOf(done.stream().map(CompletedPart::etag).toList());

            assertThat(emulator.emulator().counters().bodyBytesReceived(OssOperation.UPLOAD_PART)).isEqualTo(size);

            CompleteResult c = s.completeMultipartUpload(up, done);
            assertThat(c.crc64()).isEqualTo(crc(all));
            ObjectInfo head = s.headObject(BUCKET, "big.bin").orElseThrow();
            assertThat(head.size()).isEqualTo(size);
            assertThat(head.crc64()).hasValue(crc(all));
            assertThat(head.contentType()).isEqualTo("application/x-test");
            assertThat(head.userMetadata()).containsEntry("a", "b");
            assertThat(s.listMultipartUploads(BUCKET, "")).isEmpty();
        }
    }

    @Test
    void copyObjectMakesTheSourceBytesWithTheOptionsAndSendsNoFileByte() throws IOException {
        Path f = file("src.bin", 150 * KIB, 31);
        byte[] data = Files.readAllBytes(f);
        try (ObjectStore s = store()) {
            PutResult src = s.putObject(BUCKET, "copy/src", f, ObjectOptions.DEFAULT.withContentType("text/x-old")
                    .withUserMetadata(Map.of("old", "1")));
            emulator.emulator().counters().reset();
            ObjectOptions opts = new ObjectOptions("application/x-new", StorageClass.IA, ServerSideEncryption.NONE,
                    Map.of("mtime", "1700000000"));

            CopyResult copy = s.copyObject(BUCKET, "copy/src", src.etag(), "copy/dst dir/ü%.bin", opts);

            assertThat(copy.crc64()).hasValue(crc(data));
            assertThat(copy.etag()).isEqualTo(src.etag());
            assertThat(requests(OssOperation.COPY_OBJECT)).as("one request a call").isEqualTo(1);
            assertThat(emulator.emulator().counters().bodyBytesReceived()).isZero();
            assertThat(emulator.emulator().counters().bytesCopied()).isEqualTo(data.length);
            ObjectInfo head = s.headObject(BUCKET, "copy/dst dir/ü%.bin").orElseThrow();
            assertThat(head.size()).isEqualTo(data.length);
            assertThat(head.crc64()).hasValue(crc(data));
            assertThat(head.contentType()).isEqualTo("application/x-new");
            assertThat(head.storageClass()).isEqualTo("IA");
            assertThat(head.userMetadata()).isEqualTo(Map.of("mtime", "1700000000"));
        }
    }

    @Test
    void aCopyWhoseSourceChangedOrVanishedIsCopySourceChanged() throws IOException {
        Path f = file("src", 1000, 32);
        try (ObjectStore s = store()) {
            PutResult old = s.putObject(BUCKET, "changing", f, ObjectOptions.DEFAULT);
            s.putObject(BUCKET, "changing", file("src2", 1000, 33), ObjectOptions.DEFAULT);
            UploadRef up = s.initiateMultipartUpload(BUCKET, "copy-target", ObjectOptions.DEFAULT);

            assertThatThrownBy(() -> s.copyObject(BUCKET, "changing", old.etag(), "c1", ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.CopySourceChanged.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("PreconditionFailed");
                        assertThat(e.httpStatus()).hasValue(412);
                        assertThat(e.operation()).isEqualTo(Operation.COPY_OBJECT);
                    })
                    .hasMessageContaining("copy object oss://test-bucket/c1: PreconditionFailed (HTTP 412): copy source changing: ");
            assertThatThrownBy(() -> s.copyObject(BUCKET, "vanished", old.etag(), "c2", ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.CopySourceChanged.class,
                            e -> assertThat(e.httpStatus()).hasValue(404));
            assertThatThrownBy(() -> s.uploadPartCopy(up, 1, "changing", old.etag(), 0, 1000))
                    .isInstanceOfSatisfying(StoreException.CopySourceChanged.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("PreconditionFailed");
                        assertThat(e.partNumber()).isEqualTo(1);
                    })
                    .hasMessageContaining("upload part copy 1 of oss://test-bucket/copy-target");
            assertThatThrownBy(() -> s.uploadPartCopy(up, 1, "vanished", old.etag(), 0, 1000))
                    .isInstanceOfSatisfying(StoreException.CopySourceChanged.class,
                            e -> assertThat(e.errorCode()).isEqualTo("NoSuchKey"));
            String now = s.headObject(BUCKET, "changing").orElseThrow().etag();
            assertThatThrownBy(() -> s.uploadPartCopy(up, 1, "changing", now, 500, 1000))
                    .as("the source is shorter than the range").isInstanceOfSatisfying(
                            StoreException.CopySourceChanged.class, e -> assertThat(e.httpStatus()).hasValue(416));
            assertThat(s.listParts(up)).isEmpty();
            assertThatThrownBy(() -> s.uploadPartCopy(new UploadRef(BUCKET, "copy-target", "NOSUCHUPLOAD"), 1,
                    "changing", now, 0, 10)).isInstanceOf(StoreException.UploadGone.class);
            assertThatThrownBy(() -> s.uploadPartCopy(up, 1, "changing", now, 0, 0))
                    .isInstanceOf(StoreException.InvalidRequest.class);
            assertThatThrownBy(() -> s.copyObject(BUCKET, "changing", null, "c3", ObjectOptions.DEFAULT))
                    .isInstanceOf(StoreException.InvalidRequest.class);
            assertThatThrownBy(() -> s.uploadPartCopy(up, 1, "changing", " ", 0, 10))
                    .isInstanceOf(StoreException.InvalidRequest.class);
        }
    }

    @Test
    void copiedAndUploadedPartsCompleteIntoTheConcatenationWithTheCombinedCrc() throws IOException {
        Path old = file("old.log", 250 * KIB, 34);
        Path grown = tmp.resolve("grown.log");
        byte[] tail = new byte[130 * KIB];
        new Random(35).nextBytes(tail);
        Files.write(grown, Files.readAllBytes(old));
        Files.write(grown, tail, java.nio.file.StandardOpenOption.APPEND);
        byte[] all = Files.readAllBytes(grown);
        try (ObjectStore s = store()) {
            PutResult prefix = s.putObject(BUCKET, "log", old, ObjectOptions.DEFAULT);
            UploadRef up = s.initiateMultipartUpload(BUCKET, "log", ObjectOptions.DEFAULT);
            emulator.emulator().counters().reset();

            CopiedPart one = s.uploadPartCopy(up, 1, "log", prefix.etag(), 0, 150 * KIB);
            CopiedPart two = s.uploadPartCopy(up, 2, "log", prefix.etag(), 150 * KIB, 100 * KIB);
            PartResult three = s.uploadPart(up, 3, grown, 250 * KIB, tail.length);

            assertThat(requests(OssOperation.UPLOAD_PART_COPY)).as("one request a call").isEqualTo(2);
            assertThat(emulator.emulator().counters().bytesCopied(OssOperation.UPLOAD_PART_COPY)).isEqualTo(250 * KIB);
            assertThat(emulator.emulator().counters().bodyBytesReceived()).isEqualTo(tail.length);
            assertThat(one.partNumber()).isEqualTo(1);
            assertThat(s.listParts(up)).extracting(PartInfo::etag).containsExactly(one.etag(), two.etag(), three.etag());

            long expected = io.ossync.upload.Crc64.combine(io.ossync.upload.Crc64.combine(
                    crc(Arrays.copyOfRange(all, 0, 150 * KIB)), crc(Arrays.copyOfRange(all, 150 * KIB, 250 * KIB)),
                    100 * KIB), three.crc64(), tail.length);
            CompleteResult done = s.completeMultipartUpload(up, List.of(new CompletedPart(1, one.etag()),
                    new CompletedPart(2, two.etag()), new CompletedPart(3, three.etag())));
            assertThat(done.crc64()).isEqualTo(expected).isEqualTo(crc(all));
            assertThat(s.headObject(BUCKET, "log").orElseThrow().size()).isEqualTo(all.length);
        }
    }

    @Test
    void listPartsAndListUploadsFollowEveryPage() throws Exception {
        Path f = file("tiny", 10, 3);
        try (ObjectStore s = store()) {
            UploadRef up = s.initiateMultipartUpload(BUCKET, "paged", ObjectOptions.DEFAULT);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<PartResult>> fs = new ArrayList<>();
            for (int n = 1; n <= 1005; n++) {
                int part = n;
                fs.add(pool.submit(() -> s.uploadPart(up, part, f, 0, 10)));
            }
            for (Future<PartResult> fu : fs) {
                fu.get();
            }
            emulator.emulator().counters().reset();
            assertThat(s.listParts(up)).extracting(PartInfo::partNumber)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 1005).boxed().toList());
            assertThat(requests(OssOperation.LIST_PARTS)).as("pages of 1000").isEqualTo(2);

            List<Future<UploadRef>> inits = new ArrayList<>();
            for (int i = 0; i < 1002; i++) {
                String key = "many/k" + (i % 7);
                inits.add(pool.submit(() -> s.initiateMultipartUpload(BUCKET, key, ObjectOptions.DEFAULT)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<UploadRef> fu : inits) {
                ids.add(fu.get().uploadId());
            }
            pool.shutdown();
            List<MultipartUploadInfo> listed = s.listMultipartUploads(BUCKET, "many/");
            assertThat(listed).extracting(MultipartUploadInfo::uploadId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(listed).allSatisfy(u -> {
                assertThat(u.bucket()).isEqualTo(BUCKET);
                assertThat(u.key()).startsWith("many/k");
                assertThat(u.initiated()).isNotNull();
            });
            assertThat(requests(OssOperation.LIST_MULTIPART_UPLOADS)).as("pages of 1000").isEqualTo(2);
            assertThat(s.listMultipartUploads(BUCKET, "")).hasSize(1003);
        }
    }

    @Test
    void anAbortedUploadIsGoneForEveryOperationOnIt() throws IOException {
        Path f = file("p", 200 * KIB, 5);
        try (ObjectStore s = store()) {
            UploadRef up = s.initiateMultipartUpload(BUCKET, "aborted", ObjectOptions.DEFAULT);
            s.uploadPart(up, 1, f, 0, 200 * KIB);
            s.abortMultipartUpload(up);
            assertThat(s.listMultipartUploads(BUCKET, "aborted")).isEmpty();
            assertThatThrownBy(() -> s.uploadPart(up, 2, f, 0, 100 * KIB))
                    .isInstanceOfSatisfying(StoreException.UploadGone.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("NoSuchUpload");
                        assertThat(e.httpStatus()).hasValue(404);
                        assertThat(e.operation()).isEqualTo(Operation.UPLOAD_PART);
                        assertThat(e.partNumber()).isEqualTo(2);
                        assertThat(e.bucket()).isEqualTo(BUCKET);
                        assertThat(e.key()).isEqualTo("aborted");
                    })
                    .hasMessageContaining("oss: upload part 2 of oss://test-bucket/aborted: NoSuchUpload (HTTP 404)");
            assertThatThrownBy(() -> s.listParts(up)).isInstanceOf(StoreException.UploadGone.class);
            assertThatThrownBy(() -> s.completeMultipartUpload(up, List.of(new CompletedPart(1, "x"))))
                    .isInstanceOfSatisfying(StoreException.UploadGone.class,
                            e -> assertThat(e.httpStatus()).as("a POST too").hasValue(404));
            assertThatThrownBy(() -> s.abortMultipartUpload(up)).isInstanceOf(StoreException.UploadGone.class);
        }
    }

    @Test
    void completeRulesAreInvalidRequests() throws IOException {
        Path f = file("p", 300 * KIB, 6);
        try (ObjectStore s = store()) {
            UploadRef up = s.initiateMultipartUpload(BUCKET, "rules", ObjectOptions.DEFAULT);
            PartResult small = s.uploadPart(up, 1, f, 0, 50 * KIB);
            PartResult last = s.uploadPart(up, 2, f, 0, 10);
            assertThatThrownBy(() -> s.completeMultipartUpload(up,
                    List.of(new CompletedPart(1, small.etag()), new CompletedPart(2, last.etag()))))
                    .isInstanceOfSatisfying(StoreException.InvalidRequest.class,
                            e -> assertThat(e.httpStatus()).hasValue(400))
                    .hasMessageContaining("EntityTooSmall");
            PartResult one = s.uploadPart(up, 1, f, 0, 100 * KIB);
            // (InvalidPartOrder cannot be provoked through the SDK: it sorts the parts itself.
            // The emulator's own tests send an unsorted list by hand.)
            assertThatThrownBy(() -> s.completeMultipartUpload(up,
                    List.of(new CompletedPart(1, "\"0123456789ABCDEF0123456789ABCDEF\""), new CompletedPart(2, last.etag()))))
                    .isInstanceOf(StoreException.InvalidRequest.class).hasMessageContaining("InvalidPart");
            // Refused by the SDK before sending: no answer, no status.
            assertThatThrownBy(() -> s.uploadPart(up, 10001, f, 0, 10))
                    .isInstanceOfSatisfying(StoreException.InvalidRequest.class,
                            e -> assertThat(e.httpStatus()).isEmpty())
                    .hasMessageContaining("part 10001");
            // The upload is still usable after refusals.
            CompleteResult ok = s.completeMultipartUpload(up,
                    List.of(new CompletedPart(1, one.etag()), new CompletedPart(2, last.etag())));
            assertThat(ok.crc64()).isEqualTo(CRC64.combine(one.crc64(), last.crc64(), 10));
        }
    }

    @Test
    void wrongSecretIsAnAccessErrorThatNeverShowsTheSecret() throws IOException {
        Path f = file("x", 10, 7);
        String canary = "CANARY-secret-5f3e1d";
        try (ObjectStore s = storeWith(new OssCredentials(EmulatorExtension.ACCESS_KEY_ID, canary, Optional.of("CANARY-token-9a8b")))) {
            assertThatThrownBy(() -> s.putObject(BUCKET, "x", f, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.AccessDenied.class, e -> {
                        assertThat(e.errorCode()).isIn("SignatureDoesNotMatch", "InvalidSecurityToken");
                        assertThat(e.httpStatus()).hasValue(403);
                    })
                    .hasMessageContaining("put object oss://test-bucket/x")
                    .satisfies(e -> assertThat(fullText(e)).doesNotContain(canary).doesNotContain("CANARY-token"));
        }
        try (ObjectStore s = storeWith(new OssCredentials("unknown-key", canary, Optional.empty()))) {
            // A HEAD answer has no body: the SDK names the code itself, the status is the server's.
            assertThatThrownBy(() -> s.headObject(BUCKET, "x"))
                    .isInstanceOfSatisfying(StoreException.AccessDenied.class, e -> {
                        assertThat(e.errorCode()).isIn("InvalidAccessKeyId", "AccessForbidden");
                        assertThat(e.httpStatus()).hasValue(403);
                    })
                    .satisfies(e -> assertThat(fullText(e)).doesNotContain(canary));
            assertThatThrownBy(() -> s.initiateMultipartUpload(BUCKET, "x", ObjectOptions.DEFAULT))
                    .isInstanceOf(StoreException.AccessDenied.class).hasMessageContaining("InvalidAccessKeyId (HTTP 403)");
        }
    }

    @Test
    void unknownBucketIsNotFound() throws IOException {
        Path f = file("x", 10, 8);
        try (ObjectStore s = store()) {
            assertThatThrownBy(() -> s.putObject("no-such-bucket", "k", f, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.NotFound.class, e -> assertThat(e.httpStatus()).hasValue(404))
                    .hasMessageContaining("NoSuchBucket");
            assertThatThrownBy(() -> s.initiateMultipartUpload("no-such-bucket", "k", ObjectOptions.DEFAULT))
                    .isInstanceOf(StoreException.NotFound.class);
            assertThatThrownBy(() -> s.listMultipartUploads("no-such-bucket", ""))
                    .isInstanceOf(StoreException.NotFound.class);
            assertThatThrownBy(() -> s.deleteObject("no-such-bucket", "k"))
                    .isInstanceOf(StoreException.NotFound.class);
        }
    }

    @Test
    void serverErrorsAreTransientWithTheirStatusAndSentOnceBecauseTheSdkDoesNotRetry() throws IOException {
        Path f = file("x", 100 * KIB, 9);
        try (ObjectStore s = store()) {
            UploadRef up = s.initiateMultipartUpload(BUCKET, "t", ObjectOptions.DEFAULT);
            emulator.emulator().counters().reset();
            emulator.emulator().faults().failNext(OssOperation.UPLOAD_PART, 1, 503, "ServiceUnavailable");
            assertThatThrownBy(() -> s.uploadPart(up, 3, f, 0, 100 * KIB))
                    .isInstanceOfSatisfying(StoreException.Transient.class, e -> assertThat(e.httpStatus()).hasValue(503))
                    .hasMessageContaining("upload part 3 of oss://test-bucket/t")
                    .hasMessageContaining("ServiceUnavailable (HTTP 503)");
            assertThat(requests(OssOperation.UPLOAD_PART)).isEqualTo(1);

            emulator.emulator().faults().failNext(OssOperation.PUT_OBJECT, 1, 429, "SlowDown");
            assertThatThrownBy(() -> s.putObject(BUCKET, "k", f, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.Transient.class, e -> assertThat(e.httpStatus()).hasValue(429))
                    .hasMessageContaining("SlowDown");
            assertThat(requests(OssOperation.PUT_OBJECT)).isEqualTo(1);

            // Complete is a POST, which the SDK treats apart: one request, and the status all the same.
            emulator.emulator().faults().failNext(OssOperation.COMPLETE_MULTIPART_UPLOAD, 1, 500, "InternalError");
            assertThatThrownBy(() -> s.completeMultipartUpload(up, List.of(new CompletedPart(1, "x"))))
                    .isInstanceOfSatisfying(StoreException.Transient.class, e -> assertThat(e.httpStatus()).hasValue(500))
                    .hasMessageContaining("InternalError (HTTP 500)");
            assertThat(requests(OssOperation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(1);

            emulator.emulator().faults().failNext(OssOperation.LIST_MULTIPART_UPLOADS, 1, 500, "InternalError");
            assertThatThrownBy(() -> s.listMultipartUploads(BUCKET, ""))
                    .isInstanceOfSatisfying(StoreException.Transient.class, e -> assertThat(e.httpStatus()).hasValue(500));

            // A connection cut mid-body: no answer, so no status.
            emulator.emulator().faults().cutAfterBodyBytes(OssOperation.UPLOAD_PART, 1, 10 * KIB);
            assertThatThrownBy(() -> s.uploadPart(up, 4, f, 0, 100 * KIB))
                    .isInstanceOfSatisfying(StoreException.Transient.class, e -> assertThat(e.httpStatus()).isEmpty());

            PartResult ok = s.uploadPart(up, 4, f, 0, 100 * KIB);
            assertThat(ok.crc64()).isEqualTo(crc(Files.readAllBytes(f)));
        }
    }

    @Test
    void aCrc64ThatDisagreesOrIsMissingIsAFailedRequest() throws IOException {
        Path f = file("c", 1000, 10);
        UploadRef up = new UploadRef(BUCKET, "c", "upload-1");
        try (CrcLyingServer server = CrcLyingServer.start();
             ObjectStore s = open(server.endpoint(), new OssCredentials("id", "secret", Optional.empty()))) {
            server.answerCrc64("12345");
            assertThatThrownBy(() -> s.putObject(BUCKET, "c", f, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.Transient.class,
                            e -> assertThat(e.errorCode()).isEqualTo("CrcMismatch"))
                    .hasMessageContaining("differs from the server's (12345)");
            assertThatThrownBy(() -> s.uploadPart(up, 1, f, 0, 1000))
                    .isInstanceOfSatisfying(StoreException.Transient.class,
                            e -> assertThat(e.errorCode()).isEqualTo("CrcMismatch"));

            server.answerCrc64(null);
            assertThatThrownBy(() -> s.putObject(BUCKET, "c", f, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.InvalidRequest.class,
                            e -> assertThat(e.errorCode()).isEqualTo("MissingCrc64"));
            assertThatThrownBy(() -> s.uploadPart(up, 1, f, 0, 1000))
                    .isInstanceOfSatisfying(StoreException.InvalidRequest.class,
                            e -> assertThat(e.errorCode()).isEqualTo("MissingCrc64"));
        }
    }

    @Test
    void aFileThatCannotBeReadIsALocalFileErrorAndNothingIsSent() throws IOException {
        Path missing = tmp.resolve("missing");
        Path directory = Files.createDirectory(tmp.resolve("a-directory"));
        try (ObjectStore s = store()) {
            UploadRef up = s.initiateMultipartUpload(BUCKET, "m", ObjectOptions.DEFAULT);
            emulator.emulator().counters().reset();

            assertThatThrownBy(() -> s.uploadPart(up, 1, missing, 0, 10))
                    .isInstanceOfSatisfying(StoreException.LocalFile.class, e -> {
                        assertThat(e.file()).isEqualTo(missing);
                        assertThat(e.getCause()).isInstanceOf(IOException.class);
                        assertThat(e.reason()).isEqualTo("No such file or directory");
                        assertThat(e.operation()).isEqualTo(Operation.UPLOAD_PART);
                        assertThat(e.partNumber()).isEqualTo(1);
                        assertThat(e.httpStatus()).isEmpty();
                    })
                    .hasMessage("oss: upload part 1 of oss://test-bucket/m: LocalFile: cannot read " + missing
                            + ": No such file or directory");
            assertThatThrownBy(() -> s.putObject(BUCKET, "k", missing, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.LocalFile.class, e -> {
                        assertThat(e.getCause()).isInstanceOf(NoSuchFileException.class);
                        assertThat(e.reason()).isEqualTo("NoSuchFileException");
                    });
            assertThatThrownBy(() -> s.putObject(BUCKET, "k", directory, ObjectOptions.DEFAULT))
                    .isInstanceOfSatisfying(StoreException.LocalFile.class,
                            e -> assertThat(e.reason()).isEqualTo("Is a directory"));
            assertThatThrownBy(() -> s.uploadPart(up, 1, directory, 0, 10))
                    .isInstanceOf(StoreException.LocalFile.class);

            assertThat(requests(OssOperation.UPLOAD_PART)).isZero();
            assertThat(requests(OssOperation.PUT_OBJECT)).isZero();
        }
    }

    @Test
    void aFileThatEndsBeforeItsPartIsALocalFileErrorAtOnceAndNoPartIsStored() throws IOException {
        Path shortFile = file("short.bin", 150 * KIB, 21);
        try (ObjectStore s = store()) {
            UploadRef up = s.initiateMultipartUpload(BUCKET, "m", ObjectOptions.DEFAULT);
            long started = System.nanoTime();

            assertThatThrownBy(() -> s.uploadPart(up, 1, shortFile, 100 * KIB, 100 * KIB))
                    .isInstanceOfSatisfying(StoreException.LocalFile.class, e -> {
                        assertThat(e.fileShrank()).isTrue();
                        assertThat(e.getCause()).isInstanceOf(FileShrankException.class);
                        assertThat(e.httpStatus()).isEmpty();
                    })
                    .hasMessage("oss: upload part 1 of oss://test-bucket/m: LocalFile: cannot read " + shortFile
                            + ": file ended at byte " + (150 * KIB) + ", the bytes to send end at byte " + (200 * KIB));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for bytes that never come")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(s.listParts(up)).as("the cut-off part is not stored").isEmpty();
        }
    }

    @Test
    void aFileTheDiskCannotReadIsALocalFileErrorNotTheEndpoints() {
        // Reading the unmapped first page of this process's memory is a real EIO from read(2).
        Path eio = Path.of("/proc/self/mem");
        assumeTrue(Files.isReadable(eio), "no /proc/self/mem here");
        try (ObjectStore s = store()) {
            UploadRef up = s.initiateMultipartUpload(BUCKET, "m", ObjectOptions.DEFAULT);

            assertThatThrownBy(() -> s.uploadPart(up, 1, eio, 0, 100 * KIB))
                    .isInstanceOfSatisfying(StoreException.LocalFile.class, e -> {
                        assertThat(e.fileShrank()).isFalse();
                        assertThat(e.getCause()).isInstanceOf(FileReadException.class);
                    })
                    .hasMessageContaining("LocalFile: cannot read " + eio + ": cannot read the file at byte 0");
            assertThat(s.listParts(up)).as("the cut-off part is not stored").isEmpty();
        }
    }

    private static String fullText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
            for (StackTraceElement el : c.getStackTrace()) {
                sb.append(el).append('\n');
            }
        }
        return sb.toString();
    }
}
