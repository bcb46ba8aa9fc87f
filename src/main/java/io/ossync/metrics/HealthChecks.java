package io.ossync.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The named checks behind {@code /health}. Thread-safe: the daemon registers while the endpoint
 * runs them. A check that throws counts as failing, with the exception's type and message as its
 * reason, so one broken check cannot hide the others or take the endpoint down.
 */
public final class HealthChecks {

    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();

    /** Adds a check; {@code name} says what must hold, e.g. "watcher running". Names are unique. */
    public synchronized void register(String name, HealthCheck check) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("health check name missing");
        }
        Objects.requireNonNull(check, "check");
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("health check \"" + name + "\" registered twice");
        }
    }

    /** Runs every check, in registration order. */
    public HealthReport run() {
        List<Map.Entry<String, HealthCheck>> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(checks.entrySet());
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, HealthCheck> check : snapshot) {
            problemOf(check.getKey(), check.getValue()).ifPresent(reason -> failures.add(check.getKey() + ": " + reason));
        }
        return new HealthReport(failures);
    }

    private static Optional<String> problemOf(String name, HealthCheck check) {
        try {
            Optional<String> problem = check.problem();
            return problem == null ? Optional.of("check returned null") : problem;
        } catch (RuntimeException e) {
            log.debug("health check threw check=\"{}\"", name, e);
            return Optional.of("check threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
