package io.ossync.daemon;

import io.ossync.metrics.HealthCheck;
import io.ossync.state.StateDatabase;

import java.sql.Statement;
import java.util.Optional;

/**
 * Health check: the state database takes a write. Writes the schema version back unchanged
 * inside a write transaction, so a full disk or a read-only file shows up here before an upload
 * fails on it.
 */
final class DatabaseWritable implements HealthCheck {

    private final StateDatabase db;

    DatabaseWritable(StateDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<String> problem() {
        try {
            db.runInTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    int version = db.schemaVersion();
                    st.execute("PRAGMA user_version = " + version);
                }
            });
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("state database not writable: " + e.getMessage());
        }
    }
}
