package io.ossync.metrics;

import java.util.Optional;

/**
 * One condition the daemon needs, e.g. "watcher running" or "state database writable". Called on
 * every {@code GET /health}, from the endpoint's thread: it must be quick, thread-safe and must not
 * put anything secret in its reason.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Empty when the condition holds, otherwise why it does not (one line). */
    Optional<String> problem();
}
