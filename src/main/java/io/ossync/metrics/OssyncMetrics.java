package io.ossync.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The daemon's metrics, in one Prometheus registry. The exposed names are a contract with users'
 * dashboards and alerts; {@code OssyncMetricsTest} pins every one of them:
 *
 * <pre>
 * ossync_files_uploaded_total                  counter  files uploaded and verified
 * ossync_bytes_uploaded_total                  counter  bytes of those files
 * ossync_bytes_sent_total                      counter  file bytes sent in request bodies (parts sent again included)
 * ossync_bytes_copied_total                    counter  bytes reused on the server by copies instead of being sent
 * ossync_upload_restarts_total{reason}         counter  uploads started over ("file changed", "checkpoint corrupt", "upload gone", ...)
 * ossync_retries_total                         counter  store calls tried again
 * ossync_queue_depth                           gauge    pending jobs (NaN until the daemon registers the queue)
 * ossync_parts_in_flight                       gauge    parts being sent right now
 * ossync_upload_duration_seconds               histogram of whole-file upload times (plus _max)
 * ossync_last_success_timestamp_seconds        gauge    Unix time of the last verified upload, 0 before the first
 * ossync_credentials_expiry_timestamp_seconds gauge    Unix time the current temporary credentials expire; 0 for
 *                                                       permanent keys (or none yet)
 * ossync_circuit_breaker_state{name,state}     gauge    1 for the breaker's current state, 0 for the others;
 *                                                       state is closed, open, half_open, disabled, metrics_only or forced_open
 * </pre>
 *
 * Micrometer adds {@code _total} to counters and {@code _seconds} to timers, so the meters here are
 * named without those suffixes. All methods are thread-safe and cheap; the object exists whether or
 * not the endpoint is enabled, so callers need no null checks.
 */
public final class OssyncMetrics {

    /** The restart reasons the engine knows; registered up front so that rate() sees a 0 first. */
    static final List<String> KNOWN_RESTART_REASONS = List.of("file changed", "checkpoint corrupt", "upload gone",
            "copy source changed");

    /** Whole-file upload times run from a fraction of a second to hours for multi-GiB files. */
    private static final Duration[] UPLOAD_DURATION_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final Counter filesUploaded;
    private final Counter bytesUploaded;
    private final Counter bytesSent;
    private final Counter bytesCopied;
    private final Counter retries;
    private final Timer uploadDuration;
    private final AtomicInteger partsInFlight = new AtomicInteger();
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final AtomicReference<LongSupplier> queueDepth = new AtomicReference<>();
    private final AtomicReference<Supplier<Optional<Instant>>> credentialsExpiry =
            new AtomicReference<>(Optional::empty);

    public OssyncMetrics() {
        this(Clock.systemUTC());
    }

    public OssyncMetrics(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        filesUploaded = Counter.builder("ossync.files.uploaded")
                .description("Files uploaded and verified").register(registry);
        bytesUploaded = Counter.builder("ossync.bytes.uploaded")
                .description("Bytes of files uploaded and verified").register(registry);
        bytesSent = Counter.builder("ossync.bytes.sent")
                .description("File bytes sent in request bodies").register(registry);
        bytesCopied = Counter.builder("ossync.bytes.copied")
                .description("Bytes reused on the server by copies instead of being sent").register(registry);
        retries = Counter.builder("ossync.retries")
                .description("Store calls tried again after a transient failure").register(registry);
        KNOWN_RESTART_REASONS.forEach(this::restartCounter);
        uploadDuration = Timer.builder("ossync.upload.duration")
                .description("Time to upload one file, from start (or resume) to verified object")
                .serviceLevelObjectives(UPLOAD_DURATION_BUCKETS)
                .register(registry);
        Gauge.builder("ossync.parts.in.flight", partsInFlight, AtomicInteger::get)
                .description("Parts being sent right now").register(registry);
        Gauge.builder("ossync.last.success.timestamp", lastSuccessMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds")
                .description("Unix time of the last verified upload, 0 before the first").register(registry);
        Gauge.builder("ossync.queue.depth", queueDepth, OssyncMetrics::readQueueDepth)
                .description("Jobs waiting in the queue").register(registry);
        Gauge.builder("ossync.credentials.expiry.timestamp", credentialsExpiry, OssyncMetrics::readExpiry)
                .baseUnit("seconds")
                .description("Unix time the current temporary credentials expire, 0 for permanent keys")
                .register(registry);
    }

    /**
     * Where {@code ossync_credentials_expiry_timestamp_seconds} reads from: the current
     * credentials' expiry, empty for permanent keys. Called on every scrape: quick, thread-safe.
     */
    public void credentialsExpiryFrom(Supplier<Optional<Instant>> expiry) {
        credentialsExpiry.set(Objects.requireNonNull(expiry, "expiry"));
    }

    /** A file was uploaded and its object verified: counts it, its bytes and its duration. */
    public void uploadSucceeded(long bytes, Duration duration) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count " + bytes);
        }
        filesUploaded.increment();
        bytesUploaded.increment(bytes);
        uploadDuration.record(duration);
        lastSuccessMillis.set(clock.millis());
    }

    /** File bytes went up in a request body and were acknowledged (a part, or a whole small file). */
    public void bytesSent(long bytes) {
        bytesSent.increment(bytes);
    }

    /** Bytes were copied on the server from an existing object: none of them was sent. */
    public void bytesCopied(long bytes) {
        bytesCopied.increment(bytes);
    }

    /** An upload was started over; {@code reason} is {@code RestartReason.label()}. */
    public void uploadRestarted(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("restart reason missing");
        }
        restartCounter(reason).increment();
    }

    /** A store call is about to be tried again. */
    public void retried() {
        retries.increment();
    }

    /** A part starts being sent; pair every call with {@link #partFinished()}. */
    public void partStarted() {
        partsInFlight.incrementAndGet();
    }

    /** A part was sent, or failed. */
    public void partFinished() {
        partsInFlight.decrementAndGet();
    }

    /**
     * Where {@code ossync_queue_depth} reads from; a later call replaces the earlier supplier. It is
     * called on every scrape, from the endpoint's thread: it must be quick and thread-safe.
     */
    public void queueDepthFrom(LongSupplier depth) {
        queueDepth.set(Objects.requireNonNull(depth, "depth"));
    }

    /** Publishes the breaker's state as {@code ossync_circuit_breaker_state{name,state}}. */
    public void bindCircuitBreaker(CircuitBreaker breaker) {
        Objects.requireNonNull(breaker, "breaker");
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("ossync.circuit.breaker.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .tag("name", breaker.getName())
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("1 for the circuit breaker's current state, 0 for the others")
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Every metric in the Prometheus text format, version 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter restartCounter(String reason) {
        return Counter.builder("ossync.upload.restarts")
                .tag("reason", reason)
                .description("Uploads started over from the first part")
                .register(registry);
    }

    private static double readExpiry(AtomicReference<Supplier<Optional<Instant>>> holder) {
        return holder.get().get().map(e -> e.toEpochMilli() / 1000.0).orElse(0.0);
    }

    private static double readQueueDepth(AtomicReference<LongSupplier> holder) {
        LongSupplier depth = holder.get();
        return depth == null ? Double.NaN : depth.getAsLong();
    }
}
