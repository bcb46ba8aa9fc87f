package io.ossync.metrics;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthChecksTest {

    private final HealthChecks checks = new HealthChecks();

    @Test
    void reportsFailuresInRegistrationOrder() {
        checks.register("watcher running", () -> Optional.of("stopped"));
        checks.register("queue readable", Optional::empty);
        checks.register("state database writable", () -> Optional.of("read-only file system"));
        HealthReport report = checks.run();
        assertThat(report.healthy()).isFalse();
        assertThat(report.failures()).containsExactly("watcher running: stopped",
                "state database writable: read-only file system");
    }

    @Test
    void aCheckReturningNullIsAFailureNotACrash() {
        checks.register("broken", () -> null);
        assertThat(checks.run().failures()).containsExactly("broken: check returned null");
    }

    @Test
    void namesAreRequiredAndUnique() {
        checks.register("watcher running", Optional::empty);
        assertThatThrownBy(() -> checks.register("watcher running", Optional::empty))
                .hasMessage("health check \"watcher running\" registered twice");
        assertThatThrownBy(() -> checks.register(" ", Optional::empty)).hasMessage("health check name missing");
        assertThat(checks.run().healthy()).isTrue();
    }
}
