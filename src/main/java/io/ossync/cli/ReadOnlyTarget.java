package io.ossync.cli;

import io.ossync.config.CredentialsSetting;
import io.ossync.config.DaemonConfig;
import io.ossync.config.TargetConfig;
import io.ossync.daemon.TargetConnection;
import io.ossync.store.ObjectStore;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssEndpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An object store to read from, for {@code verify} and {@code ls}: the daemon's {@link TargetConnection}
 * (OSS with the configured or given credentials, or the embedded bucket served read-only on an
 * ephemeral port of 127.0.0.1, so the commands use the same store code against the demo as against
 * OSS), with what a one-shot command needs on top: a credentials source that does not answer, or
 * an embedded bucket not made yet, ends it with one line instead of waiting.
 */
final class ReadOnlyTarget implements AutoCloseable {

    private final TargetConnection connection;

    private ReadOnlyTarget(TargetConnection connection) {
        this.connection = connection;
    }

    /**
     * The target of a configuration.
     *
     * @throws CommandFailedException when the credentials source does not answer, or the embedded
     *                                bucket has not been made yet
     */
    static ReadOnlyTarget of(DaemonConfig config, Map<String, String> env) {
        TargetConfig target = config.target();
        if (target.embedded()) {
            return embedded(config);
        }
        return remote(OssEndpoint.parse(target.endpoint(), target.region(), false), target.credentials(), env);
    }

    /** OSS (or any endpoint) with credentials from {@code setting}. */
    static ReadOnlyTarget remote(OssEndpoint endpoint, CredentialsSetting setting, Map<String, String> env) {
        TargetConnection connection;
        try {
            connection = TargetConnection.remote(endpoint, setting, env, OssClientTuning.DEFAULT);
        } catch (IllegalArgumentException e) {
            // A pinned source that lacks what it needs (no role ARN, no URI...).
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage());
        }
        Optional<String> unavailable = connection.credentials().unavailable();
        if (unavailable.isPresent()) {
            connection.close();
            throw new CommandFailedException(ExitCodes.FAILURE, unavailable.get());
        }
        return new ReadOnlyTarget(connection);
    }

    private static ReadOnlyTarget embedded(DaemonConfig config) {
        Path dataDir = config.embeddedStorageRoot();
        String bucket = config.target().bucket();
        if (!Files.isDirectory(dataDir.resolve(bucket).resolve("objects"))) {
            throw new CommandFailedException(ExitCodes.FAILURE, "the embedded bucket " + bucket + " does not exist yet "
                    + "(no " + dataDir.resolve(bucket) + "): the daemon makes it on its first start");
        }
        try {
            return new ReadOnlyTarget(TargetConnection.embeddedReadOnly(config, OssClientTuning.DEFAULT));
        } catch (IOException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, "cannot read the embedded bucket in " + dataDir + ": "
                    + e.getMessage());
        }
    }

    ObjectStore store() {
        return connection.store();
    }

    @Override
    public void close() {
        connection.close();
    }
}
