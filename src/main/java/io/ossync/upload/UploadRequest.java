package io.ossync.upload;

import io.ossync.store.ObjectOptions;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One file to the object that {@code naming} gives the version uploaded. {@code multipartThreshold}
 * empty means "the part size": files smaller than one part go up with a single PutObject.
 * {@code onVerified} runs in the transaction that ends a verified upload.
 */
public record UploadRequest(Path file, String bucket, TargetNaming naming,
                            PartSizeSetting partSize, int routines, OptionalLong multipartThreshold,
                            VerifiedAction onVerified) {

    public UploadRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(partSize, "partSize");
        Objects.requireNonNull(onVerified, "onVerified");
        if (routines < 1) {
            throw new IllegalArgumentException("routines must be at least 1, got " + routines);
        }
        file = file.toAbsolutePath().normalize();
    }

    public UploadRequest(Path file, String bucket, TargetNaming naming, PartSizeSetting partSize, int routines) {
        this(file, bucket, naming, partSize, routines, OptionalLong.empty(), VerifiedAction.NONE);
    }

    /** One file to one fixed key, whatever the version uploaded. */
    public UploadRequest(Path file, String bucket, String key, ObjectOptions options, PartSizeSetting partSize, int routines) {
        this(file, bucket, TargetNaming.fixed(key, options), partSize, routines);
    }

    /**
     * This request with work to commit in the same transaction that ends the upload (deleting its
     * checkpoint), e.g. the ledger row and the end of the job.
     */
    public UploadRequest withOnVerified(VerifiedAction action) {
        return new UploadRequest(file, bucket, naming, partSize, routines, multipartThreshold, action);
    }

    /** {@code oss://bucket/key}, for messages. */
    String target(String key) {
        return "oss://" + bucket + "/" + key;
    }
}
