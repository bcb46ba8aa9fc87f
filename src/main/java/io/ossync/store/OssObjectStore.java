package io.ossync.store;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.CopyObjectResult;
import com.aliyun.oss.model.GenericResult;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.MultipartUploadListing;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartListing;
import com.aliyun.oss.model.PartSummary;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.PutObjectResult;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import com.aliyun.oss.model.UploadPartResult;
import io.ossync.store.ObjectStore.CompleteResult;
import io.ossync.store.ObjectStore.CompletedPart;
import io.ossync.store.ObjectStore.CopiedPart;
import io.ossync.store.ObjectStore.CopyResult;
import io.ossync.store.ObjectStore.ListedObject;
import io.ossync.store.ObjectStore.ObjectPage;
import io.ossync.store.ObjectStore.MultipartUploadInfo;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.ObjectStore.Operation;
import io.ossync.store.ObjectStore.PartInfo;
import io.ossync.store.ObjectStore.PartResult;
import io.ossync.store.ObjectStore.PutResult;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.store.StoreException.Failure;
import io.ossync.store.StoreException.InvalidRequest;
import io.ossync.store.StoreException.LocalFile;
import io.ossync.store.StoreException.NotFound;
import io.ossync.store.StoreException.Transient;
import io.ossync.throttle.BandwidthLimiter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link ObjectStore} on the official OSS Java SDK, with signature V4.
 *
 * <p>The SDK's own retries are off (Resilience4j is the one retry layer; the SDK's retry strategy
 * only records the HTTP status of errors, see {@link ErrorStatusRecorder}), its CRC-64 checking is
 * on, and every answer that should carry a CRC-64 must carry one that equals the client's: the SDK
 * lets a missing {@code x-oss-hash-crc64ecma} pass silently, this class does not. A part is streamed
 * from a fresh {@link FileRegionInputStream} on its region of the file (large reads, rewindable);
 * the SDK sends exactly {@code length} bytes of it.
 *
 * <p>A file that vanished or cannot be opened is a {@link LocalFile}, raised before any request,
 * and so is a file that ends before a request's bytes do (raised as the stream is read, which
 * aborts the request): the caller must tell a bad file from a bad server.
 *
 * <p>Requests sign with the current credentials of a {@link RefreshingCredentialsProvider}. One that
 * OSS refuses because its credentials expired or were replaced (see
 * {@link OssErrorTranslator#credentialsRefused}) is sent once more with fresh ones, here at the
 * edge, where a fresh body stream can be opened: the caller never sees that refusal, nor counts it.
 * Without any credentials (the source has not answered yet) nothing is sent: the call fails as
 * {@link StoreException.AccessDenied} with the reason, and jobs wait as for any access error.
 */
public final class OssObjectStore implements ObjectStore {

    /** Read buffers of part streams: one per part in flight, reused (see {@link ReadBuffers}). */
    private static final int READ_BUFFER_SIZE = 256 * 1024;
    private static final int IDLE_READ_BUFFERS = 16;
    private static final String CRC64_HEADER = "x-oss-hash-crc64ecma";

    private final OSS client;
    private final OssErrorTranslator errors;
    private final ReadBuffers readBuffers = new ReadBuffers(READ_BUFFER_SIZE, IDLE_READ_BUFFERS);

    private final BandwidthLimiter bandwidth;
    private final RefreshingCredentialsProvider credentials;

    /** A store with credentials that never change. */
    public OssObjectStore(OssEndpoint endpoint, OssCredentials credentials, OssClientTuning tuning) {
        this(endpoint, RefreshingCredentialsProvider.fixed(credentials, "fixed"), tuning);
    }

    /** A store signing with {@code credentials}' current triple; closing the store does not close them. */
    public OssObjectStore(OssEndpoint endpoint, RefreshingCredentialsProvider credentials, OssClientTuning tuning) {
        this.bandwidth = tuning.bandwidth();
        this.credentials = credentials;
        this.errors = new OssErrorTranslator(credentials);
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        // One attempt: the recorder is only asked while attempts < maxErrorRetry, and never retries.
        conf.setMaxErrorRetry(1);
        conf.setRetryStrategy(new ErrorStatusRecorder());
        conf.setCrcCheckEnabled(true);
        conf.setSupportCname(endpoint.cname());
        conf.setSLDEnabled(endpoint.pathStyle());
        conf.setConnectionTimeout((int) tuning.connectTimeout().toMillis());
        conf.setSocketTimeout((int) tuning.socketTimeout().toMillis());
        conf.setMaxConnections(tuning.maxConnections());
        conf.setUserAgent("ossync");
        this.client = OSSClientBuilder.create()
                .endpoint(endpoint.uri().toString())
                .credentialsProvider(credentials)
                .clientConfiguration(conf)
                .region(endpoint.region())
                .build();
    }

    @Override
    public PutResult putObject(String bucket, String key, Path file, ObjectOptions options) {
        LocalSource source = new LocalSource(Operation.PUT_OBJECT, bucket, key, 0, file);
        long size = source.size();
        return signed(Operation.PUT_OBJECT, bucket, key, 0, () -> streaming(source, 0, size, in -> send(source, () -> {
            ObjectMetadata meta = metadata(options);
            meta.setContentLength(size);
            PutObjectResult res = client.putObject(new PutObjectRequest(bucket, key, in, meta));
            return new PutResult(res.getETag(), verifiedCrc(res, Operation.PUT_OBJECT, bucket, key, 0));
        })));
    }

    /**
     * The source's ETag is a precondition of the request ({@code x-oss-copy-source-if-match}), so the
     * server checks it at the instant it reads the source: no window between a HEAD and the copy.
     */
    @Override
    public CopyResult copyObject(String bucket, String sourceKey, String sourceEtag, String key, ObjectOptions options) {
        return copying(Operation.COPY_OBJECT, bucket, key, 0, sourceKey, () -> {
            CopyObjectRequest req = new CopyObjectRequest(bucket, sourceKey, bucket, key);
            req.setMatchingETagConstraints(required(sourceEtag));
            req.setNewObjectMetadata(metadata(options));
            CopyObjectResult res = client.copyObject(req);
            return new CopyResult(res.getETag(), reportedCrc(res, Operation.COPY_OBJECT, bucket, key));
        });
    }

    @Override
    public UploadRef initiateMultipartUpload(String bucket, String key, ObjectOptions options) {
        return call(Operation.INITIATE_MULTIPART_UPLOAD, bucket, key, 0, () -> {
            InitiateMultipartUploadRequest req = new InitiateMultipartUploadRequest(bucket, key, metadata(options));
            return new UploadRef(bucket, key, client.initiateMultipartUpload(req).getUploadId());
        });
    }

    @Override
    public PartResult uploadPart(UploadRef upload, int partNumber, Path file, long offset, long length) {
        LocalSource source = new LocalSource(Operation.UPLOAD_PART, upload.bucket(), upload.key(), partNumber, file);
        return signed(Operation.UPLOAD_PART, upload.bucket(), upload.key(), partNumber,
                () -> streaming(source, offset, length, in -> send(source, () -> {
                    UploadPartRequest req = new UploadPartRequest(upload.bucket(), upload.key(), upload.uploadId(),
                            partNumber, in, length);
                    UploadPartResult res = client.uploadPart(req);
                    long crc = verifiedCrc(res, Operation.UPLOAD_PART, upload.bucket(), upload.key(), partNumber);
                    return new PartResult(partNumber, res.getETag(), crc);
                })));
    }

    @Override
    public CopiedPart uploadPartCopy(UploadRef upload, int partNumber, String sourceKey, String sourceEtag, long offset,
                                     long length) {
        return copying(Operation.UPLOAD_PART_COPY, upload.bucket(), upload.key(), partNumber, sourceKey, () -> {
            if (offset < 0 || length < 1) {
                // The range header is first-last inclusive: an empty range cannot be written.
                throw new IllegalArgumentException("a copied part needs at least one byte from a non-negative offset: "
                        + "offset " + offset + ", length " + length);
            }
            UploadPartCopyRequest req = new UploadPartCopyRequest(upload.bucket(), sourceKey, upload.bucket(),
                    upload.key(), upload.uploadId(), partNumber, offset, length);
            req.setMatchingETagConstraints(required(sourceEtag));
            return new CopiedPart(partNumber, client.uploadPartCopy(req).getETag());
        });
    }

    @Override
    public List<PartInfo> listParts(UploadRef upload) {
        return call(Operation.LIST_PARTS, upload.bucket(), upload.key(), 0, () -> {
            List<PartInfo> parts = new ArrayList<>();
            Integer marker = null;
            PartListing page;
            do {
                ListPartsRequest req = new ListPartsRequest(upload.bucket(), upload.key(), upload.uploadId());
                req.setMaxParts(1000);
                req.setPartNumberMarker(marker);
                page = client.listParts(req);
                for (PartSummary p : page.getParts()) {
                    parts.add(new PartInfo(p.getPartNumber(), p.getETag(), p.getSize(), OptionalLong.empty(),
                            instant(p.getLastModified())));
                }
                marker = page.getNextPartNumberMarker();
            } while (page.isTruncated());
            return parts;
        });
    }

    @Override
    public CompleteResult completeMultipartUpload(UploadRef upload, List<CompletedPart> parts) {
        return call(Operation.COMPLETE_MULTIPART_UPLOAD, upload.bucket(), upload.key(), 0, () -> {
            List<PartETag> etags = new ArrayList<>(parts.size());
            for (CompletedPart p : parts) {
                etags.add(new PartETag(p.partNumber(), p.etag()));
            }
            CompleteMultipartUploadResult res = client.completeMultipartUpload(
                    new CompleteMultipartUploadRequest(upload.bucket(), upload.key(), upload.uploadId(), etags));
            return new CompleteResult(res.getETag(), serverCrc(res, Operation.COMPLETE_MULTIPART_UPLOAD,
                    upload.bucket(), upload.key(), 0));
        });
    }

    @Override
    public void abortMultipartUpload(UploadRef upload) {
        call(Operation.ABORT_MULTIPART_UPLOAD, upload.bucket(), upload.key(), 0, () -> {
            client.abortMultipartUpload(new AbortMultipartUploadRequest(upload.bucket(), upload.key(), upload.uploadId()));
            return null;
        });
    }

    @Override
    public List<MultipartUploadInfo> listMultipartUploads(String bucket, String prefix) {
        return call(Operation.LIST_MULTIPART_UPLOADS, bucket, prefix, 0, () -> {
            List<MultipartUploadInfo> uploads = new ArrayList<>();
            String keyMarker = null;
            String uploadIdMarker = null;
            MultipartUploadListing page;
            do {
                ListMultipartUploadsRequest req = new ListMultipartUploadsRequest(bucket);
                req.setPrefix(prefix);
                req.setMaxUploads(1000);
                req.setKeyMarker(keyMarker);
                req.setUploadIdMarker(uploadIdMarker);
                page = client.listMultipartUploads(req);
                for (MultipartUpload u : page.getMultipartUploads()) {
                    uploads.add(new MultipartUploadInfo(bucket, u.getKey(), u.getUploadId(), instant(u.getInitiated())));
                }
                keyMarker = page.getNextKeyMarker();
                uploadIdMarker = page.getNextUploadIdMarker();
            } while (page.isTruncated());
            return uploads;
        });
    }

    @Override
    public Optional<ObjectInfo> headObject(String bucket, String key) {
        try {
            return Optional.of(call(Operation.HEAD_OBJECT, bucket, key, 0, () -> {
                ObjectMetadata m = client.getObjectMetadata(bucket, key);
                Long crc = m.getServerCRC();
                return new ObjectInfo(m.getContentLength(), m.getETag(),
                        crc == null ? OptionalLong.empty() : OptionalLong.of(crc),
                        instant(m.getLastModified()), m.getContentType(),
                        m.getObjectStorageClass() == null ? null : m.getObjectStorageClass().toString(),
                        m.getUserMetadata() == null ? Map.of() : m.getUserMetadata());
            }));
        } catch (NotFound e) {
            if ("NoSuchBucket".equals(e.errorCode())) {
                throw e;
            }
            return Optional.empty();
        }
    }

    @Override
    public ObjectPage listObjects(String bucket, String prefix, String continuationToken, int maxKeys) {
        if (maxKeys < 1 || maxKeys > 1000) {
            throw new IllegalArgumentException("maxKeys must be 1..1000: " + maxKeys);
        }
        return call(Operation.LIST_OBJECTS, bucket, prefix, 0, () -> {
            ListObjectsV2Request req = new ListObjectsV2Request(bucket);
            req.setPrefix(prefix == null || prefix.isEmpty() ? null : prefix);
            req.setMaxKeys(maxKeys);
            req.setContinuationToken(continuationToken);
            ListObjectsV2Result page = client.listObjectsV2(req);
            List<ListedObject> objects = new ArrayList<>(page.getObjectSummaries().size());
            for (OSSObjectSummary o : page.getObjectSummaries()) {
                objects.add(new ListedObject(o.getKey(), o.getSize(), o.getETag(), instant(o.getLastModified()),
                        o.getStorageClass()));
            }
            String next = page.isTruncated() ? page.getNextContinuationToken() : null;
            return new ObjectPage(objects, next);
        });
    }

    @Override
    public void deleteObject(String bucket, String key) {
        call(Operation.DELETE_OBJECT, bucket, key, 0, () -> {
            client.deleteObject(bucket, key);
            return null;
        });
    }

    @Override
    public void close() {
        client.shutdown();
    }

    private <T> T call(Operation op, String bucket, String key, int part, Supplier<T> request) {
        return copying(op, bucket, key, part, null, request);
    }

    /** A request without a body from a file; {@code sourceKey} names the source of a copy, else null. */
    private <T> T copying(Operation op, String bucket, String key, int part, String sourceKey, Supplier<T> request) {
        return signed(op, bucket, key, part, () -> {
            try {
                return request.get();
            } catch (RuntimeException e) {
                throw errors.translate(e, op, bucket, key, part, sourceKey);
            }
        });
    }

    /**
     * Runs {@code attempt} (which translates its own failures), once more when OSS refused its
     * credentials as expired and fresh ones were had. Refuses to send without credentials.
     */
    private <T> T signed(Operation op, String bucket, String key, int part, Supplier<T> attempt) {
        Optional<String> none = credentials.unavailable();
        if (none.isPresent()) {
            throw new StoreException.AccessDenied(new Failure(op, bucket, key, part, "NoCredentials", 0, none.get(),
                    null), null);
        }
        String keyId = credentials.currentKeyId();
        try {
            return attempt.get();
        } catch (StoreException e) {
            if (OssErrorTranslator.credentialsRefused(e) && credentials.renewAfterRejection(keyId)) {
                return attempt.get();
            }
            throw e;
        }
    }

    /**
     * A request whose body is read from {@code source}: a file that could not be read, or ended
     * before the bytes promised, is the file's failure, whatever the SDK wrapped it in (the HTTP client aborts the request on
     * the stream's exception and the SDK reports a {@code ClientException} caused by it).
     */
    private <T> T send(LocalSource source, Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            Optional<FileReadException> local = FileReadException.in(e);
            if (local.isPresent()) {
                throw source.unreadable(local.get());
            }
            throw errors.translate(e, source.op(), source.bucket(), source.key(), source.part());
        }
    }

    /** The CRC-64 both sides agree on; a missing or differing one is a failed request. */
    private long verifiedCrc(GenericResult res, Operation op, String bucket, String key, int part) {
        long server = serverCrc(res, op, bucket, key, part);
        Long client = res.getClientCRC();
        if (client == null || client != server) {
            // The SDK throws on a mismatch itself; reaching here means it skipped the check.
            throw new Transient(new Failure(op, bucket, key, part, "CrcMismatch", 0,
                    "the CRC-64 of the bytes sent (" + (client == null ? "not computed" : Long.toUnsignedString(client))
                            + ") differs from the server's (" + Long.toUnsignedString(server) + ")",
                    res.getRequestId()), null);
        }
        return server;
    }

    /** A copy without the source's ETag would copy whatever the source has become: refused before sending. */
    private static List<String> required(String sourceEtag) {
        if (sourceEtag == null || sourceEtag.isBlank()) {
            throw new IllegalArgumentException("a copy needs the ETag its source must still have");
        }
        return List.of(sourceEtag);
    }

    /**
     * The CRC-64 a copy's answer reports, if any. SDK 3.18.5 leaves {@code getServerCRC()} empty for
     * CopyObject though OSS sends the header, so the header is read from the answer itself.
     */
    private static OptionalLong reportedCrc(GenericResult res, Operation op, String bucket, String key) {
        if (res.getServerCRC() != null) {
            return OptionalLong.of(res.getServerCRC());
        }
        String header = res.getResponse() == null ? null : res.getResponse().getHeaders().get(CRC64_HEADER);
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(header.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidRequest(new Failure(op, bucket, key, 0, "MalformedCrc64", 0,
                    "the server's x-oss-hash-crc64ecma is not a number: " + header, res.getRequestId()), null);
        }
    }

    private static long serverCrc(GenericResult res, Operation op, String bucket, String key, int part) {
        Long server = res.getServerCRC();
        if (server == null) {
            throw new InvalidRequest(new Failure(op, bucket, key, part, "MissingCrc64", 0,
                    "the server did not return x-oss-hash-crc64ecma, so the data cannot be verified",
                    res.getRequestId()), null);
        }
        return server;
    }

    /** Runs {@code body} on a fresh stream of the file's bytes {@code [offset, offset + length)}, closed afterwards. */
    private <T> T streaming(LocalSource source, long offset, long length, Function<InputStream, T> body) {
        InputStream in = open(source, offset, length);
        try (in) {
            return body.apply(in);
        } catch (IOException closeFailed) {
            throw source.unreadable(closeFailed);
        }
    }

    private InputStream open(LocalSource source, long offset, long length) {
        try {
            return bandwidth.throttle(FileRegionInputStream.open(source.file(), offset, length, readBuffers));
        } catch (IOException e) {
            throw source.unreadable(e);
        }
    }

    /** The local file of one call, and the call its failures are reported for. */
    private record LocalSource(Operation op, String bucket, String key, int part, Path file) {

        long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }

        LocalFile unreadable(IOException e) {
            return new LocalFile(op, bucket, key, part, file, e);
        }
    }

    private static ObjectMetadata metadata(ObjectOptions options) {
        ObjectMetadata m = new ObjectMetadata();
        if (options.contentType() != null) {
            m.setContentType(options.contentType());
        }
        if (options.storageClass() != null) {
            m.setHeader("x-oss-storage-class", options.storageClass().ossName());
        }
        if (options.serverSideEncryption().ossName() != null) {
            m.setServerSideEncryption(options.serverSideEncryption().ossName());
        }
        options.userMetadata().forEach(m::addUserMetadata);
        return m;
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
