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
import io.ossync.store.ObjectStore.CopyResult;
import io.ossync.store.SourceObject;
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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.io.IOException;

/**
 * One call of {@link UploadEngine#upload}: one file, until a verified object or a typed failure.
 * Each attempt names the object from the identity it reads, so a restart after a change uploads
 * to the key, with the options, of the new version. Not reusable, not shared between threads
 * (its part senders are its own).
 *
 * <p>With a {@link ReuseCandidate} the object is built on the server from an existing one where
 * {@link ReuseCheck} proves its bytes equal: a renamed file by CopyObject (at most 1 GiB) or by
 * UploadPartCopy, a grown file by UploadPartCopy of its old object then its new bytes sent. The
 * source is frozen in the checkpoint: copied parts are recorded and resumed like sent ones, and a
 * source that changes under a copy restarts the upload without reuse.
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
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesCopied = new AtomicLong();
    private final ReuseCheck reuseCheck;
    private int partsResumed;
    private int restarts;
    /** Set once a copy's source proved unusable: the later attempts send every byte. */
    private boolean reuseDropped;

    ResumableUpload(ObjectStore store, CheckpointStore checkpoints, RequestRetry retry, UploadRequest request,
                    UploadListener listener) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.retry = retry;
        this.request = request;
        this.listener = listener;
        this.reuseCheck = new ReuseCheck(store, retry, request);
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
        FileIdentity first = null;
        while (true) {
            // The first attempt may take the identity the caller read just before (one stat less a file).
            FileIdentity identity = first == null && request.readBefore() != null ? request.readBefore()
                    : FileGuard.read(request.file());
            if (first == null) {
                first = identity;
            } else if (!Objects.equals(first.fileKey(), identity.fileKey())) {
                // Not this upload's file any more: what the new one needs (a rename's copy made
                // before its object is replaced, another source) is decided where the job began.
                throw new UploadFailedException(UploadFailedException.Reason.FILE_REPLACED, request.file()
                        + ": replaced by another file during its upload", null);
            }
            ObjectTarget target = targetFor(identity);
            try {
                Optional<SourceObject> source = source(identity, target);
                if (source.isPresent() && source.get().size() == identity.size()
                        && source.get().size() <= OssLimits.MAX_COPY_OBJECT_SIZE) {
                    return copyWhole(identity, target, source.get());
                }
                PartPlan plan = source.isPresent() ? reusingPlan(source.get().size(), identity.size(), request.partSize())
                        : plan(identity.size());
                return plan.multipart() ? multipart(identity, target, plan, source.orElse(null))
                        : single(identity, target, plan);
            } catch (RestartNeeded r) {
                if (r.reason() == RestartReason.COPY_SOURCE_CHANGED) {
                    reuseDropped = true;
                }
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

    /**
     * The object to copy from, when the request names a candidate that still holds. Not looked for
     * when a checkpoint exists: a resumed upload keeps the source it began with.
     */
    private Optional<SourceObject> source(FileIdentity identity, ObjectTarget target) throws UploadFailedException {
        if (request.reuse() == null || reuseDropped || !checkpoints.find(request.file(), request.bucket()).isEmpty()) {
            return Optional.empty();
        }
        return reuseCheck.check(request.reuse(), identity, target);
    }

    // ---- CopyObject -----------------------------------------------------------------------------

    /** A renamed file of at most 1 GiB: one CopyObject, no byte sent, the CRC-64 the ledger knew. */
    private UploadResult copyWhole(FileIdentity identity, ObjectTarget target, SourceObject source)
            throws UploadFailedException, RestartNeeded {
        discardCheckpointsOfFile("the object is copied on the server");
        listener.started(identity.size(), 1, 0, 0);
        CopyResult copy = StoreCalls.callCopying(request.file(), null, () -> retry.call("copy", () ->
                store.copyObject(request.bucket(), source.key(), source.etag(), target.key(), target.options())));
        FileGuard.require(request.file(), identity, request.snapshot());
        listener.partCopied(1, identity.size());
        bytesCopied.addAndGet(identity.size());
        long crc = copy.crc64().isPresent() ? copy.crc64().getAsLong()
                : StoreCalls.call(request.file(), () -> retry.call("head", () -> store.headObject(request.bucket(),
                        target.key()))).flatMap(h -> h.crc64().isPresent() ? Optional.of(h.crc64().getAsLong())
                        : Optional.empty()).orElse(~source.crc64());
        if (crc != source.crc64()) {
            throw new UploadFailedException(UploadFailedException.Reason.VERIFICATION_FAILED, request.target(target.key())
                    + ": the copy's CRC-64 " + Long.toUnsignedString(crc) + " differs from the file's "
                    + Long.toUnsignedString(source.crc64()), null);
        }
        UploadResult result = new UploadResult(request.bucket(), target.key(), identity, crc, copy.etag(), false, 1,
                0, 0, restarts, UploadResult.How.COPY, bytesSent.get(), bytesCopied.get());
        checkpoints.finish(OptionalLong.empty(), tx -> request.onVerified().run(tx, result));
        return result;
    }

    // ---- single PutObject ----------------------------------------------------------------------

    private UploadResult single(FileIdentity identity, ObjectTarget target, PartPlan plan)
            throws UploadFailedException, RestartNeeded {
        // A multipart checkpoint of an earlier, larger version of the file is of no use now.
        discardCheckpointsOfFile("the file is now small enough for a single PutObject");
        listener.started(plan.fileSize(), 1, 0, 0);
        if (request.lookFirst()) {
            Optional<UploadResult> found = alreadyThere(identity, target, plan);
            if (found.isPresent()) {
                listener.partConfirmed(1, 0);
                return recorded(found.get());
            }
        }
        PutResult put = StoreCalls.callReading(request.file(), identity, () -> retry.call("put", () ->
                store.putObject(request.bucket(), target.key(), request.file(), target.options())));
        partsSent.incrementAndGet();
        bytesSent.addAndGet(plan.fileSize());
        // The CRC-64 was checked against the bytes sent; they are the file's if it did not change meanwhile.
        FileGuard.requireUnchanged(request.file(), identity);
        listener.partConfirmed(1, plan.fileSize());
        return recorded(result(identity, target.key(), plan, put.crc64(), put.etag(), null));
    }

    /** A verified single object, recorded now or handed to the request's {@link VerifiedHandoff}. */
    private UploadResult recorded(UploadResult result) {
        if (request.handoff() != null) {
            request.handoff().verified(result);
        } else {
            checkpoints.finish(OptionalLong.empty(), tx -> request.onVerified().run(tx, result));
        }
        return result;
    }

    /**
     * The object at the target when it already holds this version of the file: same size, and a
     * CRC-64 equal to the one of the file's bytes, read now and proven to be this version's by the
     * identity being unchanged after the read. OSS sends {@code x-oss-hash-crc64ecma} on HEAD; an
     * object without it is not proof.
     */
    private Optional<UploadResult> alreadyThere(FileIdentity identity, ObjectTarget target, PartPlan plan)
            throws UploadFailedException, RestartNeeded {
        Optional<ObjectInfo> head = StoreCalls.call(request.file(), () -> retry.call("head", () ->
                store.headObject(request.bucket(), target.key())));
        if (head.isEmpty() || head.get().size() != plan.fileSize() || head.get().crc64().isEmpty()) {
            return Optional.empty();
        }
        long local;
        try {
            local = LocalCrc.of(request.file(), 0, plan.fileSize()).orElse(~head.get().crc64().getAsLong());
        } catch (IOException e) {
            throw FileGuard.unreadable(request.file(), e);
        }
        FileGuard.requireUnchanged(request.file(), identity);
        if (local != head.get().crc64().getAsLong()) {
            return Optional.empty();
        }
        log.debug("object found equal to the file, not sent again file={} target={} size={}", request.file(),
                request.target(target.key()), plan.fileSize());
        return Optional.of(new UploadResult(request.bucket(), target.key(), identity, local, head.get().etag(), false, 1,
                0, 0, restarts, UploadResult.How.FOUND, 0, 0));
    }

    // ---- multipart ------------------------------------------------------------------------------

    private UploadResult multipart(FileIdentity identity, ObjectTarget target, PartPlan plan, SourceObject source)
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
                cp = initiate(identity, target, plan, source);
            } else if (lookup instanceof Lookup.Found found) {
                cp = found.checkpoint();
                Optional<String> change = cp.identity().differenceTo(identity);
                boolean grownSnapshot = request.snapshot() != SnapshotMode.OFF
                        && FileGuard.extendsVersion(cp.identity(), identity);
                if (change.isPresent() && !grownSnapshot) {
                    throw new RestartNeeded(RestartReason.FILE_CHANGED, change.get());
                }
                // A grown snapshot is still the version the checkpoint froze: its key is named from that.
                String key = change.isPresent() ? targetFor(cp.identity()).key() : target.key();
                if (!cp.key().equals(key)) {
                    throw new RestartNeeded(RestartReason.KEY_CHANGED, cp.key() + " -> " + key);
                }
                // The part size is frozen in the checkpoint: the parts already sent were cut with it.
                plan = resumedPlan(cp);
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
                cp = initiate(identity, target, plan, source);
            }
            long[] copiedCrcs = copiedRangeCrcs(cp, plan);
            new PartSender(store, checkpoints, retry, request, listener, cp, plan, done,
                    new PartSender.Counts(partsSent, bytesSent, bytesCopied), copiedCrcs).sendMissing();
            FileGuard.require(request.file(), cp.identity(), request.snapshot());
            if (request.snapshot() == SnapshotMode.READ_BACK) {
                readBack(cp, plan, done);
            }
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

    private Checkpoint initiate(FileIdentity identity, ObjectTarget target, PartPlan plan, SourceObject source)
            throws UploadFailedException {
        // The row is written before Initiate is sent: a crash in between leaves a row without an
        // upload id, which the next run resolves, instead of an upload nobody knows about. The row
        // freezes the identity the key and options were named from.
        Checkpoint intent = checkpoints.beginIntent(request.file(), request.bucket(), target.key(), plan.partSize(),
                identity, source);
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
        UploadResult result = result(cp.identity(), cp.key(), plan, completed.crc64(), completed.etag(), cp.source());
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
        UploadResult result = result(cp.identity(), cp.key(), plan, there.get().crc64(), there.get().etag(),
                cp.source());
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

    /** The plan a checkpoint was cut with: its source, its frozen part size, its version's size. */
    private PartPlan resumedPlan(Checkpoint cp) throws UploadFailedException {
        PartSizeSetting frozen = new PartSizeSetting.Fixed(cp.partSize());
        return cp.source() == null ? plan(cp.identity().size(), frozen)
                : reusingPlan(cp.source().size(), cp.identity().size(), frozen);
    }

    private PartPlan reusingPlan(long prefix, long size, PartSizeSetting setting) throws UploadFailedException {
        try {
            return PartPlan.reusing(prefix, size, setting);
        } catch (ObjectTooLargeException e) {
            throw new UploadFailedException(UploadFailedException.Reason.FILE_TOO_LARGE,
                    request.file() + ": " + e.getMessage(), null);
        }
    }

    /**
     * The CRC-64 of each copied part. One part is the whole source, whose CRC-64 the ledger holds;
     * several (a source over 5 GiB) need the CRC-64 of each range, which only the local bytes give:
     * they are read, and must fold into the source's CRC-64 or the copy is not of these bytes.
     */
    private long[] copiedRangeCrcs(Checkpoint cp, PartPlan plan) throws UploadFailedException, RestartNeeded {
        if (cp.source() == null) {
            return new long[0];
        }
        if (plan.copyParts() == 1) {
            return new long[]{cp.source().crc64()};
        }
        long[] crcs = new long[plan.copyParts()];
        Crc64Fold fold = new Crc64Fold();
        try {
            for (int n = 1; n <= plan.copyParts(); n++) {
                PartPlan.Part p = plan.part(n);
                OptionalLong crc = LocalCrc.of(request.file(), p.offset(), p.length());
                if (crc.isEmpty()) {
                    throw new RestartNeeded(RestartReason.FILE_CHANGED, "the file is shorter than the copied object");
                }
                crcs[n - 1] = crc.getAsLong();
                fold.append(crcs[n - 1], p.length());
            }
        } catch (IOException e) {
            throw FileGuard.unreadable(request.file(), e);
        }
        if (fold.value() != cp.source().crc64()) {
            reuseDropped = true;
            throw new RestartNeeded(RestartReason.FILE_CHANGED, "the file changed within the bytes copied from "
                    + cp.source().key());
        }
        return crcs;
    }

    /**
     * A snapshot's bytes, read back after its parts went up: growth past them is allowed, but a
     * write inside them during the upload means the object would not be any version of the file.
     * The copied prefix is read here too and compared with its source's CRC-64: for a snapshot
     * this read is the proof that {@link ReuseCheck} deferred, so the file is read once, not twice.
     * A prefix that differs drops the reuse: the next attempt sends every byte.
     */
    private void readBack(Checkpoint cp, PartPlan plan, Map<Integer, PartRecord> done)
            throws UploadFailedException, RestartNeeded {
        long prefix = plan.copiedPrefix();
        Crc64Fold sent = new Crc64Fold();
        for (int n = plan.copyParts() + 1; n <= plan.partCount(); n++) {
            sent.append(done.get(n).crc64(), done.get(n).size());
        }
        OptionalLong localPrefix;
        OptionalLong localRest;
        try {
            localPrefix = prefix == 0 ? OptionalLong.of(0) : LocalCrc.of(request.file(), 0, prefix);
            localRest = LocalCrc.of(request.file(), prefix, plan.fileSize() - prefix);
        } catch (IOException e) {
            throw FileGuard.unreadable(request.file(), e);
        }
        if (prefix > 0 && (localPrefix.isEmpty() || localPrefix.getAsLong() != cp.source().crc64())) {
            reuseDropped = true;
            throw new RestartNeeded(RestartReason.FILE_CHANGED, "the file differs from " + cp.source().key()
                    + " within its first " + prefix + " bytes");
        }
        if (localRest.isEmpty() || (plan.fileSize() > prefix && localRest.getAsLong() != sent.value())) {
            throw new RestartNeeded(RestartReason.FILE_CHANGED, "written within the snapshot's first "
                    + plan.fileSize() + " bytes during the upload");
        }
    }

    private PartPlan plan(long size, PartSizeSetting setting) throws UploadFailedException {
        try {
            // A snapshot's N bytes go in parts even when few: a PutObject would send whatever the
            // file holds when it is opened, which may be more than N.
            OptionalLong threshold = request.snapshot() == SnapshotMode.OFF ? request.multipartThreshold()
                    : OptionalLong.of(1);
            PartPlan plan = PartPlan.of(size, setting, threshold);
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

    private UploadResult result(FileIdentity identity, String key, PartPlan plan, long crc, String etag,
                                SourceObject source) {
        UploadResult.How how = source == null ? UploadResult.How.WHOLE
                : plan.bytesToSend() == 0 ? UploadResult.How.COPY : UploadResult.How.APPEND;
        return new UploadResult(request.bucket(), key, identity, crc, etag, plan.multipart(),
                plan.multipart() ? plan.partCount() : 1, partsSent.get(), partsResumed, restarts, how, bytesSent.get(),
                bytesCopied.get());
    }

    static boolean sameEtag(String a, String b) {
        return a != null && b != null && strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String etag) {
        return etag.replace("\"", "").trim();
    }
}
