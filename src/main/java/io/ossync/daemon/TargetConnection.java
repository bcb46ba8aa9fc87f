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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object store a configuration names: OSS through the official SDK with credentials from the
 * environment, or, for {@code endpoint: embedded}, the emulator started in this process with
 * credentials made up for the run (objects under {@link DaemonConfig#embeddedStorageRoot()}).
 */
final class TargetConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TargetConnection.class);

    private final ObjectStore store;
    private final OssEmulator emulator;

    private TargetConnection(ObjectStore store, OssEmulator emulator) {
        this.store = store;
        this.emulator = emulator;
    }

    /**
     * @throws IllegalArgumentException when credentials are missing or the endpoint is invalid
     * @throws IOException              when the embedded emulator cannot start
     */
    static TargetConnection open(DaemonConfig config, Map<String, String> env, OssClientTuning tuning) throws IOException {
        TargetConfig target = config.target();
        if (!target.embedded()) {
            OssCredentials credentials = OssCredentials.fromEnvironment(env);
            OssEndpoint endpoint = OssEndpoint.parse(target.endpoint(), target.region(), false);
            return new TargetConnection(new OssObjectStore(endpoint, credentials, tuning), null);
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
        return new TargetConnection(new OssObjectStore(endpoint, credentials, tuning), emulator);
    }

    ObjectStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
        if (emulator != null) {
            emulator.close();
        }
    }
}
