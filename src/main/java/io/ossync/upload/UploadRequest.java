package io.ossync.upload;

import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectOptions;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One file to the object that {@code naming} gives the version uploaded. {@code multipartThreshold}
 * empty means "the part size": files smaller than one part go up with a single PutObject.
 * {@code onVerified} runs in the transaction that ends a verified upload. {@code reuse}, when not
 * null, names an object whose bytes may make the object's first bytes (server-side copies);
 * {@code snapshot} says whether growth during the upload restarts it. {@code handoff}, when not null,
 * records a verified single PutObject instead of the engine (see {@link VerifiedHandoff}).
 * {@code lookFirst}: before a single PutObject, HEAD the object and, when its size and CRC-64 are
 * the file's already, record it without sending (a job recovered after a crash whose object was
 * sent and verified but not yet recorded). {@code readBefore}, when not null, is the file's identity
 * the caller read just before (the daemon's job reads it to decide): the first attempt takes it
 * instead of reading it again. It is a read before the upload like the engine's own, and the engine
 * still reads the identity after the bytes are sent and compares.
 */
public record UploadRequest(Path file, String bucket, TargetNaming naming,
                            PartSizeSetting partSize, int routines, OptionalLong multipartThreshold,
                            VerifiedAction onVerified, ReuseCandidate reuse, SnapshotMode snapshot,
                            VerifiedHandoff handoff, boolean lookFirst, FileIdentity readBefore) {

    public UploadRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(partSize, "partSize");
        Objects.requireNonNull(onVerified, "onVerified");
        Objects.requireNonNull(snapshot, "snapshot");
        if (routines < 1) {
            throw new IllegalArgumentException("routines must be at least 1, got " + routines);
        }
        file = file.toAbsolutePath().normalize();
    }

    public UploadRequest(Path file, String bucket, TargetNaming naming, PartSizeSetting partSize, int routines) {
        this(file, bucket, naming, partSize, routines, OptionalLong.empty(), VerifiedAction.NONE, null,
                SnapshotMode.OFF, null, false, null);
    }

    public UploadRequest(Path file, String bucket, TargetNaming naming, PartSizeSetting partSize, int routines,
                         OptionalLong multipartThreshold, VerifiedAction onVerified) {
        this(file, bucket, naming, partSize, routines, multipartThreshold, onVerified, null, SnapshotMode.OFF, null,
                false, null);
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
        return new UploadRequest(file, bucket, naming, partSize, routines, multipartThreshold, action, reuse, snapshot,
                handoff, lookFirst, readBefore);
    }

    /** This request, allowed to build the object from {@code candidate}'s bytes where they are proven equal. */
    public UploadRequest withReuse(ReuseCandidate candidate) {
        return new UploadRequest(file, bucket, naming, partSize, routines, multipartThreshold, onVerified, candidate,
                snapshot, handoff, lookFirst, readBefore);
    }

    /** This request, taking a snapshot of the file's first N bytes as {@code mode} says. */
    public UploadRequest withSnapshot(SnapshotMode mode) {
        return new UploadRequest(file, bucket, naming, partSize, routines, multipartThreshold, onVerified, reuse, mode,
                handoff, lookFirst, readBefore);
    }

    /** This request, its single PutObject recorded by {@code taker} (group commit) instead of the engine. */
    public UploadRequest withHandoff(VerifiedHandoff taker) {
        return new UploadRequest(file, bucket, naming, partSize, routines, multipartThreshold, onVerified, reuse, snapshot,
                taker, lookFirst, readBefore);
    }

    /** This request, looking for its object before a single PutObject (see the class comment). */
    public UploadRequest withLookFirst() {
        return new UploadRequest(file, bucket, naming, partSize, routines, multipartThreshold, onVerified, reuse, snapshot,
                handoff, true, readBefore);
    }

    /** This request, its first attempt taking {@code identity}, read by the caller just before, as the file's. */
    public UploadRequest withIdentityReadBefore(FileIdentity identity) {
        return new UploadRequest(file, bucket, naming, partSize, routines, multipartThreshold, onVerified, reuse, snapshot,
                handoff, lookFirst, identity);
    }

    /** {@code oss://bucket/key}, for messages. */
    String target(String key) {
        return "oss://" + bucket + "/" + key;
    }
}
