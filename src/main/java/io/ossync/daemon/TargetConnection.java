package io.ossync.daemon;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object store a configuration names: OSS through the official SDK with credentials from the
 * source {@code target.credentials} names (refreshed in the background), or, for {@code endpoint: embedded}, the emulator started in this process with
 * credentials made up for the run (objects under {@link DaemonConfig#embeddedStorageRoot()}).
 * The daemon opens it with {@link #open}; {@code verify} and {@code ls} read through {@link #remote}
 * or {@link #embeddedReadOnly}.
 */
public final class TargetConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TargetConnection.class);

    private final ObjectStore store;
    private final RefreshingCredentialsProvider credentials;
    private final OssEmulator emulator;

    private TargetConnection(ObjectStore store, RefreshingCredentialsProvider credentials, OssEmulator emulator) {
        this.store = store;
        this.credentials = credentials;
        this.emulator = emulator;
    }

    /**
     * A credentials source that does not answer at start does not stop the daemon: it says why
     * ({@link #credentials()}'s problem, logged) and uploads begin once the source answers.
     *
     * @throws IllegalArgumentException when a pinned credentials source lacks what it needs or the
     *                                  endpoint is invalid
     * @throws IOException              when the embedded emulator cannot start
     */
    static TargetConnection open(DaemonConfig config, Map<String, String> env, OssClientTuning tuning) throws IOException {
        TargetConfig target = config.target();
        if (!target.embedded()) {
            return remote(OssEndpoint.parse(target.endpoint(), target.region(), false), target.credentials(), env, tuning);
        }
        OssCredentials keys = madeUpKeys("embedded-");
        OssEmulator emulator = OssEmulator.start(new EmulatorConfig(config.embeddedStorageRoot(), 0,
                List.of(target.bucket()), target.region(), keys.accessKeyId(), keys.accessKeySecret(), null));
        log.info("embedded emulator started endpoint={} bucket={} objects={}", emulator.endpoint(), target.bucket(),
                config.embeddedStorageRoot().resolve(target.bucket()));
        return overEmulator(emulator, target.region(), keys, tuning);
    }

    /**
     * {@code endpoint} with credentials from {@code setting}; a source that does not answer yet is
     * {@link #credentials()}'s problem, not an exception.
     *
     * @throws IllegalArgumentException when a pinned credentials source lacks what it needs
     */
    public static TargetConnection remote(OssEndpoint endpoint, CredentialsSetting setting, Map<String, String> env,
                                          OssClientTuning tuning) {
        RefreshingCredentialsProvider credentials = RefreshingCredentialsProvider.start(setting, env,
                Path.of(System.getProperty("user.home")));
        return new TargetConnection(new OssObjectStore(endpoint, credentials, tuning), credentials, null);
    }

    /**
     * The embedded bucket folder of {@code config} served read-only ({@link OssEmulator#startReadOnly}):
     * for readers beside a running daemon, whose own emulator has no address others know, and beside
     * which an ordinary second emulator would sweep the uploads in flight.
     */
    public static TargetConnection embeddedReadOnly(DaemonConfig config, OssClientTuning tuning) throws IOException {
        OssCredentials keys = madeUpKeys("reader-");
        OssEmulator emulator = OssEmulator.startReadOnly(new EmulatorConfig(config.embeddedStorageRoot(), 0, List.of(),
                config.target().region(), keys.accessKeyId(), keys.accessKeySecret(), null));
        return overEmulator(emulator, config.target().region(), keys, tuning);
    }

    /** Keys for an emulator of this process only: never written anywhere, gone with it. */
    private static OssCredentials madeUpKeys(String idPrefix) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return new OssCredentials(idPrefix + HexFormat.of().formatHex(secret, 0, 4), HexFormat.of().formatHex(secret),
                Optional.empty());
    }

    private static TargetConnection overEmulator(OssEmulator emulator, String region, OssCredentials keys,
                                                 OssClientTuning tuning) {
        RefreshingCredentialsProvider fixed = RefreshingCredentialsProvider.fixed(keys, "embedded");
        return new TargetConnection(new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), region, false), fixed, tuning),
                fixed, emulator);
    }

    public ObjectStore store() {
        return store;
    }

    /** Where requests' credentials come from, their expiry and any refresh problem. */
    public RefreshingCredentialsProvider credentials() {
        return credentials;
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
