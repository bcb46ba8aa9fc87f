package io.ossync.metrics;

import java.util.List;

/**
 * The outcome of every health check at one instant.
 *
 * @param failures one {@code "name: reason"} line per failing check, in the order the checks were registered
 */
public record HealthReport(List<String> failures) {

    public HealthReport {
        failures = List.copyOf(failures);
    }

    public boolean healthy() {
        return failures.isEmpty();
    }
}
