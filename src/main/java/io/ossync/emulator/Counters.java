package io.ossync.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the emulator received, per operation: requests (failed and faulted ones too) and request body
 * bytes actually read (a cut connection counts what was read before the cut); and what it reused
 * without receiving it: the bytes CopyObject and UploadPartCopy took from objects already stored,
 * so a test can tell the file bytes a client sent from those it had the server copy. Thread-safe.
 */
public final class Counters {
    private final Map<OssOperation, LongAdder> requests = new EnumMap<>(OssOperation.class);
    private final Map<OssOperation, LongAdder> bodyBytes = new EnumMap<>(OssOperation.class);
    private final LongAdder allBodyBytes = new LongAdder();
    private final Map<OssOperation, LongAdder> copiedBytes = new EnumMap<>(OssOperation.class);

    Counters() {
        for (OssOperation op : OssOperation.values()) {
            requests.put(op, new LongAdder());
            bodyBytes.put(op, new LongAdder());
            copiedBytes.put(op, new LongAdder());
        }
    }

    public long requests(OssOperation op) {
        return requests.get(op).sum();
    }

    /** Request body bytes read, all operations (including requests that matched no operation). */
    public long bodyBytesReceived() {
        return allBodyBytes.sum();
    }

    public long bodyBytesReceived(OssOperation op) {
        return bodyBytes.get(op).sum();
    }

    /** Bytes of stored objects that copies reused on the server, all operations. */
    public long bytesCopied() {
        return copiedBytes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long bytesCopied(OssOperation op) {
        return copiedBytes.get(op).sum();
    }

    public void reset() {
        copiedBytes.values().forEach(LongAdder::reset);
        requests.values().forEach(LongAdder::reset);
        bodyBytes.values().forEach(LongAdder::reset);
        allBodyBytes.reset();
    }

    void recordRequest(OssOperation op) {
        requests.get(op).increment();
    }

    void recordBytesCopied(OssOperation op, long n) {
        copiedBytes.get(op).add(n);
    }

    /** {@code op} is null for a request that could not be matched to an operation. */
    void recordBodyBytes(OssOperation op, long n) {
        allBodyBytes.add(n);
        if (op != null) {
            bodyBytes.get(op).add(n);
        }
    }
}
