package io.ossync.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults to inject into the next matching requests: error answers, latency, connections cut in the
 * middle of a request body. Thread-safe; every change applies to requests that arrive after it.
 * Rules given for one operation are used up in the order they were given.
 */
public final class Faults {
    /** An error answer to give instead of serving the request. */
    record Failure(int httpStatus, String errorCode) {
    }

    private record CountedFailure(int remaining, Failure failure) {
    }

    private record CountedCut(int remaining, long afterBytes) {
    }

    private final Map<OssOperation, Deque<CountedFailure>> failures = new EnumMap<>(OssOperation.class);
    private final Map<OssOperation, Deque<CountedCut>> cuts = new EnumMap<>(OssOperation.class);
    private final Map<OssOperation, Duration> latencies = new EnumMap<>(OssOperation.class);
    private Duration latencyForAll = Duration.ZERO;
    private double randomProbability;
    private Failure randomFailure;

    Faults() {
    }

    /** The next {@code count} requests of {@code op} get {@code httpStatus} with {@code errorCode}. */
    public synchronized void failNext(OssOperation op, int count, int httpStatus, String errorCode) {
        Objects.requireNonNull(op, "op");
        requirePositive(count);
        requireErrorStatus(httpStatus);
        Objects.requireNonNull(errorCode, "errorCode");
        failures.computeIfAbsent(op, k -> new ArrayDeque<>())
                .addLast(new CountedFailure(count, new Failure(httpStatus, errorCode)));
    }

    /** Every request, any operation, fails with this probability (0 turns it off). */
    public synchronized void failRandomly(double probability, int httpStatus, String errorCode) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
        }
        if (probability > 0) {
            requireErrorStatus(httpStatus);
            Objects.requireNonNull(errorCode, "errorCode");
        }
        randomProbability = probability;
        randomFailure = probability > 0 ? new Failure(httpStatus, errorCode) : null;
    }

    /** Delays every request of {@code op} (every request at all if null) by {@code delay} before serving it. */
    public synchronized void latency(OssOperation op, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        if (op == null) {
            latencyForAll = delay;
        } else {
            latencies.put(op, delay);
        }
    }

    /**
     * The next {@code count} requests of {@code op}: read {@code bytes} of the body, then close the
     * connection without answering, as a network failure would.
     */
    public synchronized void cutAfterBodyBytes(OssOperation op, int count, long bytes) {
        Objects.requireNonNull(op, "op");
        requirePositive(count);
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count " + bytes);
        }
        cuts.computeIfAbsent(op, k -> new ArrayDeque<>()).addLast(new CountedCut(count, bytes));
    }

    public synchronized void clear() {
        failures.clear();
        cuts.clear();
        latencies.clear();
        latencyForAll = Duration.ZERO;
        randomProbability = 0;
        randomFailure = null;
    }

    synchronized Duration latencyFor(OssOperation op) {
        Duration specific = op == null ? Duration.ZERO : latencies.getOrDefault(op, Duration.ZERO);
        return specific.compareTo(latencyForAll) >= 0 ? specific : latencyForAll;
    }

    /** Uses up one cut rule of {@code op}, if any: the number of body bytes to read before the cut. */
    synchronized OptionalLong takeCut(OssOperation op) {
        Deque<CountedCut> queue = op == null ? null : cuts.get(op);
        if (queue == null || queue.isEmpty()) {
            return OptionalLong.empty();
        }
        CountedCut head = queue.removeFirst();
        if (head.remaining() > 1) {
            queue.addFirst(new CountedCut(head.remaining() - 1, head.afterBytes()));
        }
        return OptionalLong.of(head.afterBytes());
    }

    /** Uses up one failure rule of {@code op}, or draws the random failure. */
    synchronized Optional<Failure> takeFailure(OssOperation op) {
        Deque<CountedFailure> queue = op == null ? null : failures.get(op);
        if (queue != null && !queue.isEmpty()) {
            CountedFailure head = queue.removeFirst();
            if (head.remaining() > 1) {
                queue.addFirst(new CountedFailure(head.remaining() - 1, head.failure()));
            }
            return Optional.of(head.failure());
        }
        if (randomProbability > 0 && ThreadLocalRandom.current().nextDouble() < randomProbability) {
            return Optional.of(randomFailure);
        }
        return Optional.empty();
    }

    private static void requirePositive(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
    }

    private static void requireErrorStatus(int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
    }
}
