package io.ossync.upload;

import io.ossync.checkpoint.Checkpoint;
import io.ossync.checkpoint.CheckpointStore;
import io.ossync.checkpoint.Lookup;
import io.ossync.checkpoint.PartRecord;
import io.ossync.config.InvalidObjectKeyException;
import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.CompleteResult;
import io.ossync.store.ObjectStore.CompletedPart;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.ObjectStore.PartInfo;
import io.ossync.store.ObjectStore.PartResult;
import io.ossync.store.ObjectStore.PutResult;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of {@link UploadEngine#upload}: one file, until a verified object or a typed failure.
 * Each attempt names the object from the identity it reads, so a restart after a change uploads
 * to the key, with the options, of the new version. Not reusable, not shared between threads
 * (its part senders are its own).
 */
final class ResumableUpload {

    static final int MAX_RESTARTS = 3;

    private static final Logger log = LoggerFactory.getLogger(ResumableUpload.class);

    private final ObjectStore store;
    private final CheckpointStore checkpoints;
    private final RequestRetry retry;
    private final UploadRequest request;
    private final UploadListener listener;
    private final AtomicInteger partsSent = new AtomicInteger();
    private int partsResumed;
    private int restarts;

    ResumableUpload(ObjectStore store, CheckpointStore checkpoints, RequestRetry retry, UploadRequest request,
                    UploadListener listener) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.retry = retry;
        this.request = request;
        this.listener = listener;
    }

    UploadResult run() throws UploadFailedException {
        try {
            return attempts();
        } catch (UploadFailedException f) {
            // Gone, or no longer a regular file: nothing can resume the upload, so it is aborted now
            // rather than left open on the server and shown in flight. An unreadable file keeps its
            // checkpoint: the upload resumes once the file can be read.
            if (f.reason() == UploadFailedException.Reason.FILE_NOT_FOUND
                    || f.reason() == UploadFailedException.Reason.NOT_A_REGULAR_FILE) {
                discardCheckpointsOfFile(f.reason() == UploadFailedException.Reason.FILE_NOT_FOUND ? "file vanished"
                        : "not a regular file any more");
            }
            throw f;
        }
    }

    private UploadResult attempts() throws UploadFailedException {
        while (true) {
            FileIdentity identity = FileGuard.read(request.file());
            ObjectTarget target = targetFor(identity);
            PartPlan plan = plan(identity.size());
            try {
                return plan.multipart() ? multipart(identity, target, plan) : single(identity, target, plan);
            } catch (RestartNeeded r) {
                restarts++;
                log.warn("upload restarted file={} target={} reason=\"{}\" detail=\"{}\" restarts={}",
                        request.file(), request.target(target.key()), r.reason().label(), r.detail(), restarts);
                listener.restarted(r.reason(), r.detail());
                if (restarts > MAX_RESTARTS) {
                    throw new UploadFailedException(UploadFailedException.Reason.FILE_KEEPS_CHANGING,
                            request.file() + ": file keeps changing: upload restarted " + MAX_RESTARTS
                                    + " times, last because " + r.reason().label() + " (" + r.detail() + ")", null);
                }
            }
        }
    }

    /** The object of this version: each attempt names it anew from the identity it read. */
    private ObjectTarget targetFor(FileIdentity identity) throws UploadFailedException {
        try {
            return request.naming().targetFor(identity);
        } catch (InvalidObjectKeyException e) {
            throw new UploadFailedException(UploadFailedException.Reason.INVALID_KEY,
                    request.file() + ": " + e.getMessage(), e);
        }
    }

    // ---- single PutObject ----------------------------------------------------------------------

    private UploadResult single(FileIdentity identity, ObjectTarget target, PartPlan plan)
            throws UploadFailedException, RestartNeeded {
        // A multipart checkpoint of an earlier, larger version of the file is of no use now.
        discardCheckpointsOfFile("the file is now small enough for a single PutObject");
        listener.started(plan.fileSize(), 1, 0, 0);
        PutResult put = StoreCalls.callReading(request.file(), identity, () -> retry.call("put", () ->
                store.putObject(request.bucket(), target.key(), request.file(), target.options())));
        partsSent.incrementAndGet();
        // The CRC-64 was checked against the bytes sent; they are the file's if it did not change meanwhile.
        FileGuard.requireUnchanged(request.file(), identity);
        listener.partConfirmed(1, plan.fileSize());
        UploadResult result = result(identity, target.key(), plan, put.crc64(), put.etag());
        checkpoints.finish(OptionalLong.empty(), tx -> request.onVerified().run(tx, result));
        return result;
    }

    // ---- multipart ------------------------------------------------------------------------------

    private UploadResult multipart(FileIdentity identity, ObjectTarget target, PartPlan plan)
            throws UploadFailedException, RestartNeeded {
        Lookup lookup = checkpointOfFile();
        if (lookup instanceof Lookup.Corrupt corrupt) {
            discard(lookup, "corrupt checkpoint");
            throw new RestartNeeded(RestartReason.CHECKPOINT_CORRUPT, corrupt.reason());
        }
        try {
            Checkpoint cp;
            Map<Integer, PartRecord> done = new ConcurrentHashMap<>();
            if (lookup instanceof Lookup.Found found && found.checkpoint().uploadId() == null) {
                // Initiate was sent but its answer never recorded (a crash, or a failed request
                // that may have worked): an upload may exist that no row names. Not a restart:
                // no part was sent.
                abortUnknownUploadsOfKey(found.checkpoint().key());
                checkpoints.delete(found.checkpoint().id());
                cp = initiate(identity, target, plan);
            } else if (lookup instanceof Lookup.Found found) {
                cp = found.checkpoint();
                Optional<String> change = cp.identity().differenceTo(identity);
                if (change.isPresent()) {
                    throw new RestartNeeded(RestartReason.FILE_CHANGED, change.get());
                }
                if (!cp.key().equals(target.key())) {
                    throw new RestartNeeded(RestartReason.KEY_CHANGED, cp.key() + " -> " + target.key());
                }
                // The part size is frozen in the checkpoint: the parts already sent were cut with it.
                plan = plan(identity.size(), new PartSizeSetting.Fixed(cp.partSize()));
                try {
                    reconcile(cp, plan, found.parts(), done);
                } catch (RestartNeeded gone) {
                    Optional<UploadResult> finished = gone.reason() == RestartReason.UPLOAD_GONE
                            ? completedBeforeInterruption(cp, plan, found.parts()) : Optional.empty();
                    if (finished.isPresent()) {
                        return finished.get();
                    }
                    throw gone;
                }
            } else {
                cp = initiate(identity, target, plan);
            }
            new PartSender(store, checkpoints, retry, request, listener, cp, plan, done, partsSent).sendMissing();
            FileGuard.requireUnchanged(request.file(), cp.identity());
            return complete(cp, plan, done);
        } catch (RestartNeeded r) {
            discardCheckpointsOfFile(r.reason().label());
            throw r;
        }
    }

    /**
     * The file's checkpoint in this bucket, whatever its key: after a restart the file's version,
     * hence its key, may differ from the checkpoint's. An older ossync may have left several (its
     * keys did not follow the version): all but the newest are discarded.
     */
    private Lookup checkpointOfFile() {
        List<Lookup> all = checkpoints.find(request.file(), request.bucket());
        for (Lookup older : all.subList(0, Math.max(0, all.size() - 1))) {
            discard(older, "an older checkpoint of the file");
        }
        return all.isEmpty() ? new Lookup.Absent() : all.get(all.size() - 1);
    }

    private void discardCheckpointsOfFile(String why) {
        for (Lookup lookup : checkpoints.find(request.file(), request.bucket())) {
            discard(lookup, why);
        }
    }

    private Checkpoint initiate(FileIdentity identity, ObjectTarget target, PartPlan plan)
            throws UploadFailedException {
        // The row is written before Initiate is sent: a crash in between leaves a row without an
        // upload id, which the next run resolves, instead of an upload nobody knows about. The row
        // freezes the identity the key and options were named from.
        Checkpoint intent = checkpoints.beginIntent(request.file(), request.bucket(), target.key(), plan.partSize(),
                identity);
        UploadRef ref;
        try {
            ref = StoreCalls.call(request.file(), () -> retry.call("initiate", () ->
                    store.initiateMultipartUpload(request.bucket(), target.key(), target.options())));
        } catch (UploadFailedException e) {
            boolean surelyNotCreated = e.storeError().filter(s -> s instanceof StoreException.AccessDenied
                    || s instanceof StoreException.NotFound || s instanceof StoreException.InvalidRequest).isPresent();
            if (surelyNotCreated) {
                checkpoints.delete(intent.id());
            }
            throw e;
        }
        Checkpoint cp = checkpoints.attachUpload(intent.id(), ref.uploadId());
        log.info("upload started file={} target={} upload_id={} plan=\"{}\"", request.file(),
                request.target(target.key()), ref.uploadId(), plan);
        return cp;
    }

    /** Keeps the recorded parts that the server still holds with the same ETag and size. */
    private void reconcile(Checkpoint cp, PartPlan plan, List<PartRecord> recorded, Map<Integer, PartRecord> done)
            throws UploadFailedException, RestartNeeded {
        UploadRef ref = ref(cp);
        Map<Integer, PartInfo> server = new HashMap<>();
        StoreCalls.callInUpload(request.file(), cp.uploadId(), () -> retry.call("list-parts", () -> store.listParts(ref)))
                .forEach(p -> server.put(p.partNumber(), p));
        for (PartRecord rec : recorded) {
            boolean inPlan = rec.partNumber() <= plan.partCount()
                    && plan.part(rec.partNumber()).equals(new PartPlan.Part(rec.partNumber(), rec.offset(), rec.size()));
            if (!inPlan) {
                throw new RestartNeeded(RestartReason.CHECKPOINT_CORRUPT, "part " + rec.partNumber() + " is recorded at offset "
                        + rec.offset() + " with " + rec.size() + " bytes, which the plan does not have");
            }
            PartInfo s = server.get(rec.partNumber());
            if (s != null && sameEtag(s.etag(), rec.etag()) && s.size() == rec.size()) {
                done.put(rec.partNumber(), rec);
            } else {
                log.info("recorded part not on server, will re-send file={} part={}", request.file(), rec.partNumber());
            }
        }
        partsResumed = done.size();
        log.info("upload resumed file={} target={} upload_id={} parts_done={} parts_total={}", request.file(),
                request.target(cp.key()), cp.uploadId(), done.size(), plan.partCount());
    }

    private UploadResult complete(Checkpoint cp, PartPlan plan, Map<Integer, PartRecord> done)
            throws UploadFailedException, RestartNeeded {
        UploadRef ref = ref(cp);
        List<CompletedPart> parts = new ArrayList<>(plan.partCount());
        Crc64Fold expected = new Crc64Fold();
        for (int n = 1; n <= plan.partCount(); n++) {
            PartRecord p = done.get(n);
            if (p == null) {
                throw new IllegalStateException("part " + n + " of " + request.file() + " was neither sent nor recorded");
            }
            parts.add(new CompletedPart(n, p.etag()));
            expected.append(p.crc64(), p.size());
        }
        AtomicInteger attempts = new AtomicInteger();
        CompleteResult completed = StoreCalls.callInUpload(request.file(), cp.uploadId(), () -> retry.call("complete", () -> {
            // A Complete that timed out may have worked: look before sending it again.
            boolean again = attempts.getAndIncrement() > 0;
            if (again) {
                Optional<CompleteResult> there = objectMatching(cp.key(), plan.fileSize(), expected.value());
                if (there.isPresent()) {
                    abortQuietly(ref, "its object is already verified");
                    return there.get();
                }
            }
            try {
                return store.completeMultipartUpload(ref, parts);
            } catch (StoreException.UploadGone gone) {
                // After a lost answer, the upload is gone because the first Complete worked.
                Optional<CompleteResult> there = again ? objectMatching(cp.key(), plan.fileSize(), expected.value())
                        : Optional.empty();
                return there.orElseThrow(() -> gone);
            }
        }));
        if (completed.crc64() != expected.value()) {
            // The upload is finished either way: its rows are of no further use.
            checkpoints.delete(cp.id());
            throw new UploadFailedException(UploadFailedException.Reason.VERIFICATION_FAILED, request.target(cp.key())
                    + ": the object's CRC-64 " + Long.toUnsignedString(completed.crc64()) + " differs from the file's "
                    + Long.toUnsignedString(expected.value()), null);
        }
        UploadResult result = result(cp.identity(), cp.key(), plan, completed.crc64(), completed.etag());
        checkpoints.finish(OptionalLong.of(cp.id()), tx -> request.onVerified().run(tx, result));
        log.info("upload completed file={} target={} size={} parts={} resumed={} restarts={}", request.file(),
                request.target(cp.key()), plan.fileSize(), plan.partCount(), partsResumed, restarts);
        return result;
    }

    /**
     * An upload whose every part is recorded but which the server no longer knows may have been
     * completed just before a crash, before its end was recorded: if the object is there with the
     * CRC-64 the parts make, the upload is done and nothing is sent again.
     */
    private Optional<UploadResult> completedBeforeInterruption(Checkpoint cp, PartPlan plan, List<PartRecord> recorded) {
        if (recorded.size() != plan.partCount()) {
            return Optional.empty();
        }
        Crc64Fold expected = new Crc64Fold();
        for (int n = 1; n <= plan.partCount(); n++) {
            PartRecord p = recorded.get(n - 1);
            if (p.partNumber() != n || !plan.part(n).equals(new PartPlan.Part(n, p.offset(), p.size()))) {
                return Optional.empty();
            }
            expected.append(p.crc64(), p.size());
        }
        Optional<CompleteResult> there;
        try {
            there = retry.call("head", () -> objectMatching(cp.key(), plan.fileSize(), expected.value()));
        } catch (StoreException e) {
            return Optional.empty();
        }
        if (there.isEmpty()) {
            return Optional.empty();
        }
        partsResumed = plan.partCount();
        UploadResult result = result(cp.identity(), cp.key(), plan, there.get().crc64(), there.get().etag());
        checkpoints.finish(OptionalLong.of(cp.id()), tx -> request.onVerified().run(tx, result));
        log.info("upload found completed before an interruption file={} target={} upload_id={}", request.file(),
                request.target(cp.key()), cp.uploadId());
        return Optional.of(result);
    }

    private Optional<CompleteResult> objectMatching(String key, long size, long crc) {
        Optional<ObjectInfo> head = store.headObject(request.bucket(), key);
        return head.filter(h -> h.size() == size && h.crc64().isPresent() && h.crc64().getAsLong() == crc)
                .map(h -> new CompleteResult(h.etag(), crc));
    }

    // ---- shared pieces --------------------------------------------------------------------------

    private PartPlan plan(long size) throws UploadFailedException {
        return plan(size, request.partSize());
    }

    private PartPlan plan(long size, PartSizeSetting setting) throws UploadFailedException {
        try {
            PartPlan plan = PartPlan.of(size, setting, request.multipartThreshold());
            if (plan.grown()) {
                log.info("part size grown to fit 10000 parts file={} requested={} chosen={}", request.file(),
                        plan.requestedPartSize(), plan.partSize());
            }
            return plan;
        } catch (ObjectTooLargeException e) {
            throw new UploadFailedException(UploadFailedException.Reason.FILE_TOO_LARGE,
                    request.file() + ": " + e.getMessage(), null);
        }
    }

    /** Aborts the upload a lookup names (best effort) and deletes its rows. */
    private void discard(Lookup lookup, String why) {
        if (lookup instanceof Lookup.Found found) {
            if (found.checkpoint().uploadId() != null) {
                abortQuietly(ref(found.checkpoint()), why);
            }
            checkpoints.delete(found.checkpoint().id());
        } else if (lookup instanceof Lookup.Corrupt corrupt) {
            // The row is untrusted, its key too: without one the orphan sweep finds the upload.
            if (corrupt.key() != null) {
                corrupt.uploadId().ifPresent(id ->
                        abortQuietly(new UploadRef(request.bucket(), corrupt.key(), id), why));
            }
            checkpoints.delete(corrupt.checkpointId());
        }
    }

    private void abortQuietly(UploadRef ref, String why) {
        try {
            retry.run("abort", () -> store.abortMultipartUpload(ref));
            log.info("upload aborted target={} upload_id={} reason=\"{}\"", request.target(ref.key()), ref.uploadId(),
                    why);
        } catch (StoreException.UploadGone alreadyGone) {
            log.debug("upload already gone target={} upload_id={}", request.target(ref.key()), ref.uploadId());
        } catch (StoreException e) {
            log.warn("could not abort upload target={} upload_id={} error=\"{}\" (the orphan sweep will retry)",
                    request.target(ref.key()), ref.uploadId(), e.getMessage());
        }
    }

    /** Aborts the uploads of {@code key} that no checkpoint row names. */
    private void abortUnknownUploadsOfKey(String key) throws UploadFailedException {
        var known = new HashSet<String>();
        for (Lookup l : checkpoints.all()) {
            if (l instanceof Lookup.Found f && f.checkpoint().uploadId() != null) {
                known.add(f.checkpoint().uploadId());
            } else if (l instanceof Lookup.Corrupt c) {
                c.uploadId().ifPresent(known::add);
            }
        }
        for (var u : StoreCalls.call(request.file(), () -> retry.call("list-uploads", () ->
                store.listMultipartUploads(request.bucket(), key)))) {
            if (u.key().equals(key) && !known.contains(u.uploadId())) {
                abortQuietly(u.ref(), "left by an interrupted start");
            }
        }
    }

    private UploadRef ref(Checkpoint cp) {
        return new UploadRef(cp.bucket(), cp.key(), cp.uploadId());
    }

    private UploadResult result(FileIdentity identity, String key, PartPlan plan, long crc, String etag) {
        return new UploadResult(request.bucket(), key, identity, crc, etag, plan.multipart(),
                plan.multipart() ? plan.partCount() : 1, partsSent.get(), partsResumed, restarts);
    }

    static boolean sameEtag(String a, String b) {
        return a != null && b != null && strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String etag) {
        return etag.replace("\"", "").trim();
    }
}
