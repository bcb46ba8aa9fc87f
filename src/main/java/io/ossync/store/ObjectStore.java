package io.ossync.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The port through which ossync talks to an object store. One implementation per backend
 * ({@link OssObjectStore} for Alibaba Cloud OSS); the same contract test runs against each.
 *
 * <p>Guarantees every implementation keeps:
 * <ul>
 *   <li>Vendor errors never escape: every failure is a {@link StoreException} subclass naming the
 *       operation, bucket, key and part number, and never a credential.</li>
 *   <li>No hidden retries: each call is one request (or one request per page for the listings).
 *       Retrying belongs to the caller's policy.</li>
 *   <li>Data from files is streamed from the given region; a file is never held in memory.</li>
 *   <li>A returned CRC-64 (CRC-64/XZ, the value of {@code x-oss-hash-crc64ecma}) has been checked
 *       against the bytes that were sent; a server that omits it or disagrees is an error.</li>
 * </ul>
 * Implementations are thread-safe: parts of one upload go up in parallel through one instance.
 */
public interface ObjectStore extends AutoCloseable {

    /** Uploads the whole file as one object (at most 5 GiB), CRC-checked. */
    PutResult putObject(String bucket, String key, Path file, ObjectOptions options);

    /** Starts a multipart upload; the options apply to the object that Complete will create. */
    UploadRef initiateMultipartUpload(String bucket, String key, ObjectOptions options);

    /**
     * Uploads part {@code partNumber} (1..10000) from {@code length} bytes of {@code file} starting
     * at {@code offset}. Re-sending a part number replaces it on the server.
     */
    PartResult uploadPart(UploadRef upload, int partNumber, Path file, long offset, long length);

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

    /** Deletes the object; deleting an absent object is not an error. */
    void deleteObject(String bucket, String key);

    @Override
    void close();
}
