package io.ossync.daemon;

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
 */
final class TargetConnection implements AutoCloseable {

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
            OssEndpoint endpoint = OssEndpoint.parse(target.endpoint(), target.region(), false);
            RefreshingCredentialsProvider credentials = RefreshingCredentialsProvider.start(target.credentials(), env,
                    Path.of(System.getProperty("user.home")));
            return new TargetConnection(new OssObjectStore(endpoint, credentials, tuning), credentials, null);
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        OssCredentials credentials = new OssCredentials("embedded-" + HexFormat.of().formatHex(secret, 0, 4),
                HexFormat.of().formatHex(secret), Optional.empty());
        OssEmulator emulator = OssEmulator.start(new EmulatorConfig(config.embeddedStorageRoot(), 0,
                List.of(target.bucket()), target.region(), credentials.accessKeyId(), credentials.accessKeySecret(), null));
        log.info("embedded emulator started endpoint={} bucket={} objects={}", emulator.endpoint(), target.bucket(),
                config.embeddedStorageRoot().resolve(target.bucket()));
        OssEndpoint endpoint = OssEndpoint.parse(emulator.endpoint(), target.region(), false);
        RefreshingCredentialsProvider fixed = RefreshingCredentialsProvider.fixed(credentials, "embedded");
        return new TargetConnection(new OssObjectStore(endpoint, fixed, tuning), fixed, emulator);
    }

    ObjectStore store() {
        return store;
    }

    /** Where requests' credentials come from, their expiry and any refresh problem. */
    RefreshingCredentialsProvider credentials() {
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
