package io.ossync.verify;

import io.ossync.ledger.LedgerEntry;
import io.ossync.queue.Job;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobState;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.verify.Finding.Kind;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rules of {@code ossync verify}, pure: what a local file, its ledger row, its job and its
 * object say about the mirror. Two steps, because the object is asked for (one HEAD) only when the
 * ledger claims this version of the file was uploaded:
 * <ol>
 *   <li>{@link #beforeObject}: a ledger row that does not cover this version (same size, mtime in
 *       ns and file key) to the same bucket and the key the daemon would give it now means the file
 *       is pending, or set aside when its job was given up on. Empty: HEAD the ledger's object.</li>
 *   <li>{@link #withObject}: no object is {@code missing}; a size or CRC-64 other than the ledger's
 *       is {@code differ}; with {@code --deep}, a local CRC-64 other than the ledger's is
 *       {@code changed} (bytes rewritten in place without changing size, mtime or inode). Empty:
 *       the file is mirrored.</li>
 * </ol>
 * One finding per file at most, the first that applies in that order: the counts of the summary
 * add up to the files walked.
 */
public final class MirrorCheck {

    private final String bucket;

    public MirrorCheck(String bucket) {
        this.bucket = bucket;
    }

    /** True when the ledger row covers this version of the file, to this bucket, under the key expected now. */
    public boolean uploaded(LocalFile file, Optional<LedgerEntry> entry) {
        return file.expectedKey() != null && entry.isPresent()
                && entry.get().covers(file.identity(), bucket, file.expectedKey());
    }

    /** The finding that needs no object, or empty when the ledger says this version is uploaded. */
    public Optional<Finding> beforeObject(LocalFile file, Optional<LedgerEntry> entry, Optional<Job> job) {
        if (uploaded(file, entry)) {
            return Optional.empty();
        }
        if (job.isPresent() && job.get().state() == JobState.SET_ASIDE && job.get().kind() == JobKind.UPLOAD) {
            String reason = job.get().lastError();
            return Optional.of(new Finding(Kind.SET_ASIDE, file.expectedKey(), file.path(),
                    reason == null ? "set aside" : reason));
        }
        return Optional.of(new Finding(Kind.PENDING, file.expectedKey(), file.path(), pendingDetail(file, entry, job)));
    }

    private String pendingDetail(LocalFile file, Optional<LedgerEntry> entry, Optional<Job> job) {
        String why;
        if (file.expectedKey() == null) {
            why = "no valid key: " + file.keyProblem();
        } else if (entry.isEmpty()) {
            why = "never uploaded";
        } else if (!entry.get().identity().equals(file.identity())) {
            why = "changed since its upload";
        } else {
            why = "uploaded to " + entry.get().bucket() + "/" + entry.get().key() + ", expected at " + bucket + "/"
                    + file.expectedKey();
        }
        if (job.isPresent() && job.get().kind() == JobKind.UPLOAD) {
            Job j = job.get();
            why += j.state() == JobState.RUNNING ? "; uploading now" : "; queued";
            if (j.attempts() > 0 && j.lastError() != null) {
                why += " (" + j.attempts() + " failed attempts, last: " + j.lastError() + ")";
            }
        } else {
            why += "; not queued yet";
        }
        return why;
    }

    /**
     * The finding of a file whose ledger row covers it, given its object (empty: none) and, with
     * {@code --deep}, the CRC-64 of its bytes now.
     */
    public Optional<Finding> withObject(LocalFile file, LedgerEntry entry, Optional<ObjectInfo> object,
                                        OptionalLong localCrc) {
        if (object.isEmpty()) {
            return Optional.of(new Finding(Kind.MISSING, entry.key(), file.path(),
                    "the ledger records an upload on " + entry.uploadedAt() + "; the bucket has no such object"));
        }
        ObjectInfo o = object.get();
        if (o.size() != entry.identity().size()) {
            return Optional.of(new Finding(Kind.DIFFER, entry.key(), file.path(),
                    "size " + entry.identity().size() + " in the ledger, " + o.size() + " in the bucket"));
        }
        if (o.crc64().isEmpty()) {
            return Optional.of(new Finding(Kind.DIFFER, entry.key(), file.path(),
                    "crc64 " + crc(entry.crc64()) + " in the ledger, none in the bucket"));
        }
        if (o.crc64().getAsLong() != entry.crc64()) {
            return Optional.of(new Finding(Kind.DIFFER, entry.key(), file.path(),
                    "crc64 " + crc(entry.crc64()) + " in the ledger, " + crc(o.crc64().getAsLong()) + " in the bucket"));
        }
        if (localCrc.isPresent() && localCrc.getAsLong() != entry.crc64()) {
            return Optional.of(new Finding(Kind.CHANGED, entry.key(), file.path(),
                    "crc64 " + crc(entry.crc64()) + " in the ledger and the bucket, " + crc(localCrc.getAsLong())
                            + " read from the file (same size, mtime and inode)"));
        }
        return Optional.empty();
    }

    /** A CRC-64 as OSS prints it in {@code x-oss-hash-crc64ecma}: unsigned decimal. */
    static String crc(long value) {
        return Long.toUnsignedString(value);
    }
}
