package io.ossync.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The port through which ossync talks to an object store, with the values it answers. One
 * implementation per backend ({@link OssObjectStore} for Alibaba Cloud OSS) and decorators over
 * it ({@code resilience.CircuitBreakingObjectStore}); the same contract test
 * ({@code ObjectStoreContract}) runs against each of them.
 *
 * <p>Guarantees every implementation keeps:
 * <ul>
 *   <li>Vendor errors never escape: every failure is a {@link StoreException} subclass naming the
 *       operation, bucket, key and part number, and never a credential. A local file that cannot
 *       be read is a {@link StoreException.LocalFile}, never an answer of the endpoint.</li>
 *   <li>No hidden retries: each call is one request (or one request per page for the listings).
 *       Retrying belongs to the caller's policy.</li>
 *   <li>Data from files is streamed from the given region; a file is never held in memory.</li>
 *   <li>A returned CRC-64 (CRC-64/XZ, the value of {@code x-oss-hash-crc64ecma}) has been checked
 *       against the bytes that were sent; a server that omits it or disagrees is an error. Copies
 *       send no bytes: a {@link CopyResult}'s CRC-64 is the server's report, for the caller to
 *       compare with what it knows of the source, and a {@link CopiedPart} has none.</li>
 * </ul>
 * Implementations are thread-safe: parts of one upload go up in parallel through one instance.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Uploads the whole file as one object (at most 5 GiB), CRC-checked.
     *
     * @throws StoreException.LocalFile when the file cannot be opened or sized (vanished, no permission)
     */
    PutResult putObject(String bucket, String key, Path file, ObjectOptions options);

    /**
     * Creates {@code key} as a server-side copy of {@code sourceKey} in the same bucket (at most 1 GiB),
     * only if the source's ETag is still {@code sourceEtag}; the new object gets {@code options}
     * (metadata directive REPLACE). No file byte is sent.
     * @throws StoreException.CopySourceChanged when the source is gone or no longer has that ETag
     */
    CopyResult copyObject(String bucket, String sourceKey, String sourceEtag, String key, ObjectOptions options);

    /** Starts a multipart upload; the options apply to the object that Complete will create. */
    UploadRef initiateMultipartUpload(String bucket, String key, ObjectOptions options);

    /**
     * Uploads part {@code partNumber} (1..10000) from {@code length} bytes of {@code file} starting
     * at {@code offset}. Re-sending a part number replaces it on the server.
     *
     * @throws StoreException.LocalFile when the file cannot be opened (vanished, no permission)
     */
    PartResult uploadPart(UploadRef upload, int partNumber, Path file, long offset, long length);

    /**
     * Part {@code partNumber} of the upload, copied server-side from bytes [offset, offset+length) of
     * {@code sourceKey} (in the upload's bucket), at most 5 GiB, only if the source's ETag is still
     * {@code sourceEtag}. OSS gives no CRC-64 for a copied part: the caller knows it.
     * @throws StoreException.CopySourceChanged when the source is gone or no longer has that ETag
     */
    CopiedPart uploadPartCopy(UploadRef upload, int partNumber, String sourceKey, String sourceEtag, long offset, long length);

    /** All parts the server holds for the upload, in part-number order, across every page. */
    List<PartInfo> listParts(UploadRef upload);

    /**
     * Completes the upload from the given parts, which must be in ascending part-number order.
     * The returned CRC-64 is the server's for the whole object.
     */
    CompleteResult completeMultipartUpload(UploadRef upload, List<CompletedPart> parts);

    /** Aborts the upload and discards its parts on the server. */
    void abortMultipartUpload(UploadRef upload);

    /** Every unfinished multipart upload under the prefix, across every page. */
    List<MultipartUploadInfo> listMultipartUploads(String bucket, String prefix);

    /** The object's metadata, or empty when there is no such object. */
    Optional<ObjectInfo> headObject(String bucket, String key);

    /**
     * One page (ListObjectsV2) of the objects whose keys start with {@code prefix}, in key order:
     * at most {@code maxKeys} (1..1000), after {@code continuationToken} (null for the first page).
     * No delimiter: keys below "folders" are listed too. A listing carries no CRC-64 (OSS gives
     * none): a HEAD does.
     */
    ObjectPage listObjects(String bucket, String prefix, String continuationToken, int maxKeys);

    /** Deletes the object; deleting an absent object is not an error. */
    void deleteObject(String bucket, String key);

    @Override
    void close();

    /** The operations of the port, named as error messages and metrics spell them. */
    enum Operation {
        PUT_OBJECT("put object"),
        COPY_OBJECT("copy object"),
        INITIATE_MULTIPART_UPLOAD("initiate multipart upload"),
        UPLOAD_PART("upload part"),
        UPLOAD_PART_COPY("upload part copy"),
        LIST_PARTS("list parts"),
        COMPLETE_MULTIPART_UPLOAD("complete multipart upload"),
        ABORT_MULTIPART_UPLOAD("abort multipart upload"),
        LIST_MULTIPART_UPLOADS("list multipart uploads"),
        HEAD_OBJECT("head object"),
        LIST_OBJECTS("list objects"),
        DELETE_OBJECT("delete object");

        private final String label;

        Operation(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Names one multipart upload on the server. */
    record UploadRef(String bucket, String key, String uploadId) {
        public UploadRef {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(uploadId, "uploadId");
        }
    }

    /** A stored object as PutObject answered: its ETag and its verified CRC-64. */
    record PutResult(String etag, long crc64) {
    }

    /**
     * An object a CopyObject created: its ETag, and the server's CRC-64 of it when the server reports
     * one (OSS sends {@code x-oss-hash-crc64ecma} with a copy; nothing here was sent, so nothing was
     * checked against it: compare it with the CRC-64 the source is known to have).
     */
    record CopyResult(String etag, OptionalLong crc64) {
    }

    /** A part an UploadPartCopy created: its ETag (no CRC-64, OSS gives none for a copied part). */
    record CopiedPart(int partNumber, String etag) {
    }

    /** An acknowledged part: the server's ETag and the CRC-64 both sides agreed on. */
    record PartResult(int partNumber, String etag, long crc64) {
    }

    /** A part as ListParts reports it; the CRC-64 is present when the server lists it. */
    record PartInfo(int partNumber, String etag, long size, OptionalLong crc64, Instant lastModified) {
    }

    /** A part as named in CompleteMultipartUpload. */
    record CompletedPart(int partNumber, String etag) {
    }

    /** The object a Complete created: its ETag and the server's CRC-64 of the whole object. */
    record CompleteResult(String etag, long crc64) {
    }

    /** An unfinished multipart upload as ListMultipartUploads reports it. */
    record MultipartUploadInfo(String bucket, String key, String uploadId, Instant initiated) {
        public UploadRef ref() {
            return new UploadRef(bucket, key, uploadId);
        }
    }

    /** An object as a listing reports it (no CRC-64: OSS lists none). */
    record ListedObject(String key, long size, String etag, Instant lastModified, String storageClass) {
        public ListedObject {
            Objects.requireNonNull(key, "key");
        }
    }

    /** One page of a listing; {@code nextToken} is null on the last page. */
    record ObjectPage(List<ListedObject> objects, String nextToken) {
        public ObjectPage {
            objects = List.copyOf(objects);
        }

        public boolean last() {
            return nextToken == null;
        }
    }

    /**
     * An object's metadata as HEAD reports it. The CRC-64 is absent for objects the server stored
     * without one; user metadata keys are given without the {@code x-oss-meta-} prefix.
     */
    record ObjectInfo(long size, String etag, OptionalLong crc64, Instant lastModified,
                      String contentType, String storageClass, Map<String, String> userMetadata) {
        public ObjectInfo {
            userMetadata = Map.copyOf(userMetadata);
        }
    }
}
