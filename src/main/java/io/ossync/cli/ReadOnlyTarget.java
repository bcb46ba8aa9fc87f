package io.ossync.cli;

import io.ossync.config.CredentialsSetting;
import io.ossync.config.DaemonConfig;
import io.ossync.config.TargetConfig;
import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.OssEmulator;
import io.ossync.store.ObjectStore;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssCredentials;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;
import io.ossync.store.RefreshingCredentialsProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object store to read from, for {@code verify} and {@code ls}: OSS through the SDK with
 * credentials from the configured (or given) source, or, for a configuration whose endpoint is
 * {@code embedded}, the demo's bucket folder served by an emulator started in this process
 * read-only ({@link OssEmulator#startReadOnly}) on an ephemeral port of 127.0.0.1.
 *
 * <p>Why an emulator of its own and read-only: the daemon's embedded emulator lives inside the
 * daemon and has no address others know; a second ordinary emulator on the same folder would, as it
 * starts, sweep the temporary and unreferenced files (the daemon's uploads in flight). The read-only
 * one creates, cleans and writes nothing, takes no lock, and shows the objects committed when it
 * started; going through it, the commands use the same store code against the demo as against OSS.
 */
final class ReadOnlyTarget implements AutoCloseable {

    private final ObjectStore store;
    private final RefreshingCredentialsProvider credentials;
    private final OssEmulator emulator;

    private ReadOnlyTarget(ObjectStore store, RefreshingCredentialsProvider credentials, OssEmulator emulator) {
        this.store = store;
        this.credentials = credentials;
        this.emulator = emulator;
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
            return embedded(config.embeddedStorageRoot(), target.bucket(), target.region());
        }
        return remote(OssEndpoint.parse(target.endpoint(), target.region(), false), target.credentials(), env);
    }

    /** OSS (or any endpoint) with credentials from {@code setting}. */
    static ReadOnlyTarget remote(OssEndpoint endpoint, CredentialsSetting setting, Map<String, String> env) {
        RefreshingCredentialsProvider credentials;
        try {
            credentials = RefreshingCredentialsProvider.start(setting, env, Path.of(System.getProperty("user.home")));
        } catch (IllegalArgumentException e) {
            // A pinned source that lacks what it needs (no role ARN, no URI...).
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage());
        }
        Optional<String> unavailable = credentials.unavailable();
        if (unavailable.isPresent()) {
            credentials.close();
            throw new CommandFailedException(ExitCodes.FAILURE, unavailable.get());
        }
        return new ReadOnlyTarget(new OssObjectStore(endpoint, credentials, OssClientTuning.DEFAULT), credentials, null);
    }

    private static ReadOnlyTarget embedded(Path dataDir, String bucket, String region) {
        if (!Files.isDirectory(dataDir.resolve(bucket).resolve("objects"))) {
            throw new CommandFailedException(ExitCodes.FAILURE, "the embedded bucket " + bucket + " does not exist yet "
                    + "(no " + dataDir.resolve(bucket) + "): the daemon makes it on its first start");
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        OssCredentials keys = new OssCredentials("reader-" + HexFormat.of().formatHex(secret, 0, 4),
                HexFormat.of().formatHex(secret), Optional.empty());
        OssEmulator emulator;
        try {
            emulator = OssEmulator.startReadOnly(new EmulatorConfig(dataDir, 0, List.of(), region,
                    keys.accessKeyId(), keys.accessKeySecret(), null));
        } catch (IOException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, "cannot read the embedded bucket in " + dataDir + ": "
                    + e.getMessage());
        }
        RefreshingCredentialsProvider fixed = RefreshingCredentialsProvider.fixed(keys, "embedded");
        return new ReadOnlyTarget(new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), region, false), fixed,
                OssClientTuning.DEFAULT), fixed, emulator);
    }

    ObjectStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
        credentials.close();
        if (emulator != null) {
            emulator.close();
        }
    }
}
