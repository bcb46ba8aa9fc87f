package io.ossync.upload;

import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.SourceObject;
import io.ossync.store.StorageClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides whether an object's bytes may make the first bytes of the new object (DESIGN invariant
 * 7): only when the object on the server is still the version the ledger verified (same size and
 * CRC-64, and its ETag is pinned for the copy), its storage class is the one the new object gets,
 * it can be a part (100 KiB at least, unless it is the whole file), and the local bytes are proven
 * equal. Any doubt means "send the bytes": a reason is logged, never an error.
 */
final class ReuseCheck {

    private static final Logger log = LoggerFactory.getLogger(ReuseCheck.class);

    private final ObjectStore store;
    private final RequestRetry retry;
    private final UploadRequest request;

    ReuseCheck(ObjectStore store, RequestRetry retry, UploadRequest request) {
        this.store = store;
        this.retry = retry;
        this.request = request;
    }

    /** The source to copy from for this version of the file, or empty when its bytes must be sent. */
    Optional<SourceObject> check(ReuseCandidate candidate, FileIdentity identity, ObjectTarget target)
            throws UploadFailedException {
        if (candidate == null) {
            return Optional.empty();
        }
        if (identity.size() < candidate.size()) {
            return refused(candidate, "the file is shorter than the object");
        }
        if (candidate.size() < identity.size() && candidate.size() < OssLimits.MIN_PART_SIZE) {
            return refused(candidate, "the object is smaller than a part may be (100 KiB)");
        }
        Optional<ObjectInfo> head;
        try {
            head = StoreCalls.call(request.file(), () -> retry.call("head",
                    () -> store.headObject(request.bucket(), candidate.key())));
        } catch (UploadFailedException e) {
            if (e.reason() != UploadFailedException.Reason.STORE) {
                throw e;
            }
            // A key that may write but not read (a write-only policy) gets 403 here: a doubt, not a failure.
            return refused(candidate, "the object cannot be looked at: " + e.getMessage());
        }
        if (head.isEmpty()) {
            return refused(candidate, "the object is gone");
        }
        ObjectInfo info = head.get();
        if (info.size() != candidate.size() || info.crc64().isEmpty()
                || info.crc64().getAsLong() != candidate.crc64()) {
            return refused(candidate, "the object on the server is not the version uploaded (size " + info.size()
                    + ", CRC-64 " + (info.crc64().isPresent() ? Long.toUnsignedString(info.crc64().getAsLong()) : "none")
                    + ")");
        }
        StorageClass wanted = target.options().storageClass();
        if (wanted != null && info.storageClass() != null && !wanted.ossName().equalsIgnoreCase(info.storageClass())) {
            return refused(candidate, "its storage class " + info.storageClass() + " is not " + wanted.ossName());
        }
        // A snapshot that sends bytes after the prefix is read back before Complete: that read
        // proves the prefix too. A whole copy reads nothing back: it is proven now.
        boolean provenLater = request.snapshot() == SnapshotMode.READ_BACK && candidate.size() < identity.size();
        if (!candidate.localBytesKnown(identity) && !provenLater && !localPrefixMatches(candidate)) {
            return refused(candidate, "the file changed within the " + candidate.size() + " bytes uploaded before");
        }
        return Optional.of(new SourceObject(candidate.key(), info.etag(), candidate.size(), candidate.crc64()));
    }

    private boolean localPrefixMatches(ReuseCandidate candidate) throws UploadFailedException {
        try {
            OptionalLong crc = LocalCrc.of(request.file(), 0, candidate.size());
            return crc.isPresent() && crc.getAsLong() == candidate.crc64();
        } catch (IOException e) {
            throw FileGuard.unreadable(request.file(), e);
        }
    }

    private Optional<SourceObject> refused(ReuseCandidate candidate, String why) {
        log.info("bytes not reused, sending the file file={} source={} reason=\"{}\"", request.file(),
                request.target(candidate.key()), why);
        return Optional.empty();
    }
}
