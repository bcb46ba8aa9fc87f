package io.ossync.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ossync.store.ObjectOptions;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.CompleteResult;
import io.ossync.store.ObjectStore.CompletedPart;
import io.ossync.store.ObjectStore.CopiedPart;
import io.ossync.store.ObjectStore.CopyResult;
import io.ossync.store.ObjectStore.MultipartUploadInfo;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.ObjectStore.ObjectPage;
import io.ossync.store.ObjectStore.Operation;
import io.ossync.store.ObjectStore.PartInfo;
import io.ossync.store.ObjectStore.PartResult;
import io.ossync.store.ObjectStore.PutResult;
import io.ossync.store.ObjectStore.UploadRef;
import io.ossync.store.StoreException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An {@link ObjectStore} behind a circuit breaker, so that an endpoint that is down is not hammered
 * by every worker and every retry, and work resumes by itself when it is back.
 *
 * <p>Transient failures ({@link StoreException.Transient}: I/O, timeouts, 5xx, throttling) count
 * against the endpoint. Any other store error counts as an answer (access refused, no such
 * object, upload gone, invalid request: the endpoint is up). A {@link StoreException.LocalFile}
 * (the file cannot be read, nothing was sent) is the file's problem, never the endpoint's: it passes
 * through untouched and is not counted at all, nor is a {@link StoreException.CopySourceChanged} (the
 * caller's idea of a copy source was stale), nor anything that is not a store error. When transient failures reach the
 * threshold of {@link BreakerSettings}, calls fail at once, without a request, with a
 * {@link StoreException.Transient} whose code is {@value #CIRCUIT_OPEN}
 * ({@code oss: upload part 3 of oss://b/k: CircuitOpen: endpoint unavailable, retrying in 10s});
 * after the wait, the next call is a probe, and the probe's success closes the breaker again.
 * Workers use {@link #availability()} to pause meanwhile instead of spinning.
 *
 * <p>Everything else is the delegate's: same results, same exceptions, same guarantees.
 * Thread-safe. Closing closes the delegate.
 */
public final class CircuitBreakingObjectStore implements ObjectStore {

    /** The error code of calls refused because the circuit is open. */
    public static final String CIRCUIT_OPEN = "CircuitOpen";
    static final String BREAKER_NAME = "object-store";

    private final ObjectStore delegate;
    private final CircuitBreaker breaker;
    private final StoreAvailability availability;

    /**
     * @param throttle where "endpoint unavailable" warnings go, shared with the daemon's other
     *                 repeated errors
     */
    public CircuitBreakingObjectStore(ObjectStore delegate, BreakerSettings settings, ErrorLogThrottle throttle,
                                      Clock clock) {
        this.delegate = delegate;
        this.breaker = CircuitBreaker.of(BREAKER_NAME, settings.toConfig(clock));
        this.availability = StoreAvailability.following(breaker, clock, settings);
        BreakerLog.attach(breaker, throttle, clock, settings.waitInOpen());
    }

    /** Whether calls go through now; waits for the endpoint to come back. */
    public StoreAvailability availability() {
        return availability;
    }

    /** True when {@code e} is a call this breaker refused without sending it. */
    public static boolean isCircuitOpen(Throwable e) {
        return e instanceof StoreException.Transient t && CIRCUIT_OPEN.equals(t.errorCode());
    }

    @Override
    public PutResult putObject(String bucket, String key, Path file, ObjectOptions options) {
        return guarded(Operation.PUT_OBJECT, bucket, key, 0, () -> delegate.putObject(bucket, key, file, options));
    }

    @Override
    public CopyResult copyObject(String bucket, String sourceKey, String sourceEtag, String key, ObjectOptions options) {
        return guarded(Operation.COPY_OBJECT, bucket, key, 0,
                () -> delegate.copyObject(bucket, sourceKey, sourceEtag, key, options));
    }

    @Override
    public UploadRef initiateMultipartUpload(String bucket, String key, ObjectOptions options) {
        return guarded(Operation.INITIATE_MULTIPART_UPLOAD, bucket, key, 0,
                () -> delegate.initiateMultipartUpload(bucket, key, options));
    }

    @Override
    public PartResult uploadPart(UploadRef upload, int partNumber, Path file, long offset, long length) {
        return guarded(Operation.UPLOAD_PART, upload.bucket(), upload.key(), partNumber,
                () -> delegate.uploadPart(upload, partNumber, file, offset, length));
    }

    @Override
    public CopiedPart uploadPartCopy(UploadRef upload, int partNumber, String sourceKey, String sourceEtag, long offset,
                                     long length) {
        return guarded(Operation.UPLOAD_PART_COPY, upload.bucket(), upload.key(), partNumber,
                () -> delegate.uploadPartCopy(upload, partNumber, sourceKey, sourceEtag, offset, length));
    }

    @Override
    public List<PartInfo> listParts(UploadRef upload) {
        return guarded(Operation.LIST_PARTS, upload.bucket(), upload.key(), 0, () -> delegate.listParts(upload));
    }

    @Override
    public CompleteResult completeMultipartUpload(UploadRef upload, List<CompletedPart> parts) {
        return guarded(Operation.COMPLETE_MULTIPART_UPLOAD, upload.bucket(), upload.key(), 0,
                () -> delegate.completeMultipartUpload(upload, parts));
    }

    @Override
    public void abortMultipartUpload(UploadRef upload) {
        guarded(Operation.ABORT_MULTIPART_UPLOAD, upload.bucket(), upload.key(), 0, () -> {
            delegate.abortMultipartUpload(upload);
            return null;
        });
    }

    @Override
    public List<MultipartUploadInfo> listMultipartUploads(String bucket, String prefix) {
        return guarded(Operation.LIST_MULTIPART_UPLOADS, bucket, prefix, 0,
                () -> delegate.listMultipartUploads(bucket, prefix));
    }

    @Override
    public Optional<ObjectInfo> headObject(String bucket, String key) {
        return guarded(Operation.HEAD_OBJECT, bucket, key, 0, () -> delegate.headObject(bucket, key));
    }

    @Override
    public ObjectPage listObjects(String bucket, String prefix, String continuationToken, int maxKeys) {
        return guarded(Operation.LIST_OBJECTS, bucket, prefix, 0,
                () -> delegate.listObjects(bucket, prefix, continuationToken, maxKeys));
    }

    @Override
    public void deleteObject(String bucket, String key) {
        guarded(Operation.DELETE_OBJECT, bucket, key, 0, () -> {
            delegate.deleteObject(bucket, key);
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T guarded(Operation op, String bucket, String key, int part, Supplier<T> call) {
        if (!breaker.tryAcquirePermission()) {
            throw circuitOpen(op, bucket, key, part);
        }
        boolean probe = availability.probeStarted();
        long start = System.nanoTime();
        try {
            T result = call.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (RuntimeException | Error e) {
            // The breaker's predicates decide: failure, answer, or ignored (see BreakerSettings).
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        } finally {
            if (probe) {
                availability.probeEnded();
            }
        }
    }

    private StoreException.Transient circuitOpen(Operation op, String bucket, String key, int part) {
        String detail = breaker.getState() == CircuitBreaker.State.HALF_OPEN
                ? "endpoint unavailable, probing whether it is back"
                : "endpoint unavailable, retrying in " + ceilSeconds(availability.untilProbe()) + "s";
        return new StoreException.Transient(
                new StoreException.Failure(op, bucket, key, part, CIRCUIT_OPEN, 0, detail, null), null);
    }

    private static long ceilSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
