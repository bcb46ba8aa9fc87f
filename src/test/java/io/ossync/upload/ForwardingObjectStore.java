package io.ossync.upload;

import io.ossync.store.ObjectOptions;
import io.ossync.store.ObjectStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} that passes every call to another: a test overrides the calls it wants to
 * act around (change the file or the server just before a request goes out). Closing it does not
 * close the store it wraps.
 */
class ForwardingObjectStore implements ObjectStore {

    protected final ObjectStore delegate;

    ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public PutResult putObject(String bucket, String key, Path file, ObjectOptions options) {
        return delegate.putObject(bucket, key, file, options);
    }

    @Override
    public CopyResult copyObject(String bucket, String sourceKey, String sourceEtag, String key, ObjectOptions options) {
        return delegate.copyObject(bucket, sourceKey, sourceEtag, key, options);
    }

    @Override
    public UploadRef initiateMultipartUpload(String bucket, String key, ObjectOptions options) {
        return delegate.initiateMultipartUpload(bucket, key, options);
    }

    @Override
    public PartResult uploadPart(UploadRef upload, int partNumber, Path file, long offset, long length) {
        return delegate.uploadPart(upload, partNumber, file, offset, length);
    }

    @Override
    public CopiedPart uploadPartCopy(UploadRef upload, int partNumber, String sourceKey, String sourceEtag, long offset,
                                     long length) {
        return delegate.uploadPartCopy(upload, partNumber, sourceKey, sourceEtag, offset, length);
    }

    @Override
    public List<PartInfo> listParts(UploadRef upload) {
        return delegate.listParts(upload);
    }

    @Override
    public CompleteResult completeMultipartUpload(UploadRef upload, List<CompletedPart> parts) {
        return delegate.completeMultipartUpload(upload, parts);
    }

    @Override
    public void abortMultipartUpload(UploadRef upload) {
        delegate.abortMultipartUpload(upload);
    }

    @Override
    public List<MultipartUploadInfo> listMultipartUploads(String bucket, String prefix) {
        return delegate.listMultipartUploads(bucket, prefix);
    }

    @Override
    public Optional<ObjectInfo> headObject(String bucket, String key) {
        return delegate.headObject(bucket, key);
    }

    @Override
    public ObjectPage listObjects(String bucket, String prefix, String continuationToken, int maxKeys) {
        return delegate.listObjects(bucket, prefix, continuationToken, maxKeys);
    }

    @Override
    public void deleteObject(String bucket, String key) {
        delegate.deleteObject(bucket, key);
    }

    @Override
    public void close() {
        // The wrapped store is the test's, closed with it.
    }
}
