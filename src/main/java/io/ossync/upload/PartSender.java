package io.ossync.upload;

import io.ossync.checkpoint.Checkpoint;
import io.ossync.checkpoint.CheckpointStore;
import io.ossync.checkpoint.PartRecord;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.CopiedPart;
import io.ossync.store.ObjectStore.PartResult;
import io.ossync.store.ObjectStore.UploadRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the parts of one multipart upload that are not yet confirmed, at most {@code routines} at
 * a time, each read straight from its region of the file (memory stays bounded whatever the file
 * size). A part is confirmed only after the server acknowledged it with a matching CRC-64, the
 * file was unchanged before and after, and its row is committed.
 *
 * <p>A copied part (the first parts of a plan that reuses an object) is an UploadPartCopy of its
 * range of the source, whose CRC-64 the caller knows: the server gives none. It is recorded and
 * resumed like a sent part.
 *
 * <p>On the first failure no new part starts; parts in flight finish (their rows are useful to a
 * resume), then the failure is thrown, a restart taking precedence over other failures.
 */
final class PartSender {

    private final ObjectStore store;
    private final CheckpointStore checkpoints;
    private final RequestRetry retry;
    private final UploadRequest request;
    private final UploadListener listener;
    private final Checkpoint checkpoint;
    private final PartPlan plan;
    private final Map<Integer, PartRecord> done;
    private final Counts counts;
    private final long[] copiedCrcs;
    private final AtomicBoolean stop = new AtomicBoolean();

    /** What the upload counts across its attempts: parts sent, bytes sent, bytes copied on the server. */
    record Counts(AtomicInteger partsSent, AtomicLong bytesSent, AtomicLong bytesCopied) {
    }

    /** @param copiedCrcs the CRC-64 of each copied part, by part number from 1 (empty when none is copied) */
    PartSender(ObjectStore store, CheckpointStore checkpoints, RequestRetry retry, UploadRequest request,
               UploadListener listener, Checkpoint checkpoint, PartPlan plan, Map<Integer, PartRecord> done,
               Counts counts, long[] copiedCrcs) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.retry = retry;
        this.request = request;
        this.listener = listener;
        this.checkpoint = checkpoint;
        this.plan = plan;
        this.done = done;
        this.counts = counts;
        this.copiedCrcs = copiedCrcs;
        if (copiedCrcs.length != plan.copyParts()) {
            throw new IllegalArgumentException(plan.copyParts() + " copied parts but " + copiedCrcs.length + " CRCs");
        }
    }

    void sendMissing() throws UploadFailedException, RestartNeeded {
        List<PartPlan.Part> todo = new ArrayList<>();
        long confirmed = 0;
        for (int n = 1; n <= plan.partCount(); n++) {
            PartRecord rec = done.get(n);
            if (rec == null) {
                todo.add(plan.part(n));
            } else {
                confirmed += rec.size();
            }
        }
        listener.started(plan.fileSize(), plan.partCount(), done.size(), confirmed);
        if (todo.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(request.routines(), todo.size()),
                threads(request.file().getFileName().toString()));
        Exception failure = null;
        boolean interrupted = false;
        try {
            List<Future<Void>> futures = new ArrayList<>(todo.size());
            for (PartPlan.Part p : todo) {
                futures.add(pool.submit(() -> {
                    if (!stop.get()) {
                        try {
                            send(p);
                        } catch (Exception e) {
                            // Stop here, not when the caller gets to this part's future: meanwhile
                            // the pool would start the next parts, sent for nothing.
                            stop.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    waitFor(f);
                } catch (ExecutionException e) {
                    stop.set(true);
                    failure = precedence(failure, e.getCause());
                } catch (InterruptedException e) {
                    stop.set(true);
                    interrupted = true;
                }
            }
        } finally {
            pool.shutdown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new UploadFailedException(UploadFailedException.Reason.INTERRUPTED,
                    request.file() + ": upload interrupted; it resumes from the recorded parts", null);
        }
        rethrow(failure);
    }

    private void send(PartPlan.Part p) throws UploadFailedException, RestartNeeded {
        FileGuard.require(request.file(), checkpoint.identity(), request.snapshot());
        UploadRef ref = new UploadRef(checkpoint.bucket(), checkpoint.key(), checkpoint.uploadId());
        if (plan.copied(p.number())) {
            copy(ref, p);
            return;
        }
        PartResult r;
        listener.partSending(p.number());
        try {
            r = StoreCalls.callReadingInUpload(request.file(), checkpoint.identity(), checkpoint.uploadId(),
                    () -> retry.call("part", () -> store.uploadPart(ref, p.number(), request.file(), p.offset(),
                            p.length())));
        } finally {
            listener.partSendEnded(p.number());
        }
        counts.partsSent().incrementAndGet();
        counts.bytesSent().addAndGet(p.length());
        FileGuard.require(request.file(), checkpoint.identity(), request.snapshot());
        PartRecord rec = new PartRecord(p.number(), p.offset(), p.length(), r.etag(), r.crc64());
        checkpoints.recordPart(checkpoint.id(), rec);
        done.put(p.number(), rec);
        listener.partConfirmed(p.number(), p.length());
    }

    private void copy(UploadRef ref, PartPlan.Part p) throws UploadFailedException, RestartNeeded {
        var source = checkpoint.source();
        CopiedPart c;
        listener.partSending(p.number());
        try {
            c = StoreCalls.callCopying(request.file(), checkpoint.uploadId(), () -> retry.call("part-copy", () ->
                    store.uploadPartCopy(ref, p.number(), source.key(), source.etag(), p.offset(), p.length())));
        } finally {
            listener.partSendEnded(p.number());
        }
        counts.bytesCopied().addAndGet(p.length());
        PartRecord rec = new PartRecord(p.number(), p.offset(), p.length(), c.etag(), copiedCrcs[p.number() - 1]);
        checkpoints.recordPart(checkpoint.id(), rec);
        done.put(p.number(), rec);
        listener.partCopied(p.number(), p.length());
    }

    /**
     * Waits for a part. Once interrupted (shutdown), it keeps waiting for the part in flight, whose
     * row is worth having, but starts no new one.
     */
    private void waitFor(Future<Void> f) throws ExecutionException, InterruptedException {
        try {
            f.get();
        } catch (InterruptedException e) {
            stop.set(true);
            try {
                f.get(5, TimeUnit.MINUTES);
            } catch (java.util.concurrent.TimeoutException | InterruptedException ignored) {
                // The part's own socket timeout ends it; nothing to add here.
            }
            throw e;
        }
    }

    private static Exception precedence(Exception current, Throwable candidate) {
        Exception c = candidate instanceof Exception e ? e : new RuntimeException(candidate);
        if (current == null || (c instanceof RestartNeeded && !(current instanceof RestartNeeded))) {
            return c;
        }
        return current;
    }

    private static void rethrow(Exception failure) throws UploadFailedException, RestartNeeded {
        if (failure == null) {
            return;
        }
        if (failure instanceof UploadFailedException u) {
            throw u;
        }
        if (failure instanceof RestartNeeded r) {
            throw r;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(failure);
    }

    private static ThreadFactory threads(String fileName) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "part-" + n.incrementAndGet() + "-" + fileName);
            t.setDaemon(true);
            return t;
        };
    }
}
