package io.ossync.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OssyncMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T02:15:30.250Z");

    private final OssyncMetrics metrics = new OssyncMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    private Samples scrape() {
        return Samples.parse(metrics.scrape());
    }

    @Test
    void exposesExactlyTheDocumentedNames() {
        metrics.bindCircuitBreaker(CircuitBreaker.ofDefaults("oss"));
        assertThat(scrape().names()).containsExactly(
                "ossync_bytes_copied_total",
                "ossync_bytes_sent_total",
                "ossync_bytes_uploaded_total",
                "ossync_circuit_breaker_state",
                "ossync_credentials_expiry_timestamp_seconds",
                "ossync_files_uploaded_total",
                "ossync_last_success_timestamp_seconds",
                "ossync_parts_in_flight",
                "ossync_queue_depth",
                "ossync_retries_total",
                "ossync_upload_duration_seconds",
                "ossync_upload_duration_seconds_max",
                "ossync_upload_restarts_total");
        assertThat(metrics.scrape())
                .contains("# TYPE ossync_files_uploaded_total counter")
                .contains("# TYPE ossync_bytes_uploaded_total counter")
                .contains("# TYPE ossync_bytes_sent_total counter")
                .contains("# TYPE ossync_bytes_copied_total counter")
                .contains("# TYPE ossync_upload_restarts_total counter")
                .contains("# TYPE ossync_retries_total counter")
                .contains("# TYPE ossync_queue_depth gauge")
                .contains("# TYPE ossync_parts_in_flight gauge")
                .contains("# TYPE ossync_upload_duration_seconds histogram")
                .contains("# TYPE ossync_last_success_timestamp_seconds gauge")
                .contains("# TYPE ossync_circuit_breaker_state gauge")
                .contains("# TYPE ossync_credentials_expiry_timestamp_seconds gauge");
    }

    @Test
    void credentialsExpiryIsZeroForPermanentKeysAndTheUnixTimeForTemporaryOnes() {
        assertThat(scrape().get("ossync_credentials_expiry_timestamp_seconds")).isZero();
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<Instant>> expiry =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());
        metrics.credentialsExpiryFrom(expiry::get);
        assertThat(scrape().get("ossync_credentials_expiry_timestamp_seconds")).isZero();
        expiry.set(java.util.Optional.of(Instant.parse("2026-12-07T20:00:20Z")));
        assertThat(scrape().get("ossync_credentials_expiry_timestamp_seconds"))
                .isEqualTo(Instant.parse("2026-12-07T20:00:20Z").getEpochSecond());
    }

    @Test
    void startsAtZeroWithEveryRestartReasonPresent() {
        Samples samples = scrape();
        assertThat(samples.get("ossync_files_uploaded_total")).isZero();
        assertThat(samples.get("ossync_bytes_uploaded_total")).isZero();
        assertThat(samples.get("ossync_last_success_timestamp_seconds")).isZero();
        assertThat(samples.get("ossync_upload_restarts_total{reason=\"file changed\"}")).isZero();
        assertThat(samples.get("ossync_upload_restarts_total{reason=\"checkpoint corrupt\"}")).isZero();
        assertThat(samples.get("ossync_upload_restarts_total{reason=\"upload gone\"}")).isZero();
        assertThat(samples.get("ossync_queue_depth")).isNaN();
    }

    @Test
    void successfulUploadsMoveCountersHistogramAndTimestamp() {
        metrics.uploadSucceeded(1_048_576, Duration.ofMillis(1500));
        metrics.uploadSucceeded(10, Duration.ofMinutes(20));

        Samples samples = scrape();
        assertThat(samples.get("ossync_files_uploaded_total")).isEqualTo(2);
        assertThat(samples.get("ossync_bytes_uploaded_total")).isEqualTo(1_048_586);
        assertThat(samples.get("ossync_upload_duration_seconds_count")).isEqualTo(2);
        assertThat(samples.get("ossync_upload_duration_seconds_sum")).isEqualTo(1201.5);
        assertThat(samples.get("ossync_upload_duration_seconds_bucket{le=\"1.0\"}")).isZero();
        assertThat(samples.get("ossync_upload_duration_seconds_bucket{le=\"2.0\"}")).isEqualTo(1);
        assertThat(samples.get("ossync_upload_duration_seconds_bucket{le=\"600.0\"}")).isEqualTo(1);
        assertThat(samples.get("ossync_upload_duration_seconds_bucket{le=\"1800.0\"}")).isEqualTo(2);
        assertThat(samples.get("ossync_upload_duration_seconds_bucket{le=\"+Inf\"}")).isEqualTo(2);
        assertThat(samples.get("ossync_last_success_timestamp_seconds")).isEqualTo(NOW.toEpochMilli() / 1000.0);
    }

    @Test
    void restartsAreCountedByReason() {
        metrics.uploadRestarted("file changed");
        metrics.uploadRestarted("file changed");
        metrics.uploadRestarted("upload gone");

        Samples samples = scrape();
        assertThat(samples.get("ossync_upload_restarts_total{reason=\"file changed\"}")).isEqualTo(2);
        assertThat(samples.get("ossync_upload_restarts_total{reason=\"upload gone\"}")).isEqualTo(1);
        assertThat(samples.get("ossync_upload_restarts_total{reason=\"checkpoint corrupt\"}")).isZero();
        assertThatThrownBy(() -> metrics.uploadRestarted(" ")).hasMessage("restart reason missing");
    }

    @Test
    void retriesAndPartsInFlight() {
        metrics.retried();
        metrics.retried();
        metrics.retried();
        metrics.partStarted();
        metrics.partStarted();
        metrics.partStarted();
        metrics.partFinished();

        Samples samples = scrape();
        assertThat(samples.get("ossync_retries_total")).isEqualTo(3);
        assertThat(samples.get("ossync_parts_in_flight")).isEqualTo(2);
    }

    @Test
    void queueDepthIsReadOnEveryScrapeFromTheLatestSupplier() {
        AtomicLong depth = new AtomicLong(7);
        metrics.queueDepthFrom(depth::get);
        assertThat(scrape().get("ossync_queue_depth")).isEqualTo(7);
        depth.set(3);
        assertThat(scrape().get("ossync_queue_depth")).isEqualTo(3);
        metrics.queueDepthFrom(() -> 42);
        assertThat(scrape().get("ossync_queue_depth")).isEqualTo(42);
    }

    @Test
    void aFailingQueueSupplierGivesNaNNotAFailedScrape() {
        metrics.retried();
        metrics.queueDepthFrom(() -> {
            throw new IllegalStateException("state database closed");
        });
        Samples samples = scrape();
        assertThat(samples.get("ossync_queue_depth")).isNaN();
        assertThat(samples.get("ossync_retries_total")).isEqualTo(1);
    }

    @Test
    void circuitBreakerStateFollowsTheBreaker() {
        CircuitBreaker breaker = CircuitBreaker.of("oss", CircuitBreakerConfig.ofDefaults());
        metrics.bindCircuitBreaker(breaker);
        assertThat(scrape().get("ossync_circuit_breaker_state{name=\"oss\",state=\"closed\"}")).isEqualTo(1);
        assertThat(scrape().get("ossync_circuit_breaker_state{name=\"oss\",state=\"open\"}")).isZero();

        breaker.transitionToOpenState();
        Samples open = scrape();
        assertThat(open.get("ossync_circuit_breaker_state{name=\"oss\",state=\"closed\"}")).isZero();
        assertThat(open.get("ossync_circuit_breaker_state{name=\"oss\",state=\"open\"}")).isEqualTo(1);

        breaker.transitionToHalfOpenState();
        Samples halfOpen = scrape();
        assertThat(halfOpen.get("ossync_circuit_breaker_state{name=\"oss\",state=\"half_open\"}")).isEqualTo(1);
        assertThat(halfOpen.values().entrySet().stream()
                .filter(e -> e.getKey().startsWith("ossync_circuit_breaker_state"))
                .mapToDouble(e -> e.getValue()).sum()).isEqualTo(1);
    }

    @Test
    void negativeByteCountIsRefused() {
        assertThatThrownBy(() -> metrics.uploadSucceeded(-1, Duration.ZERO)).hasMessage("negative byte count -1");
        assertThat(scrape().get("ossync_files_uploaded_total")).isZero();
    }
}
