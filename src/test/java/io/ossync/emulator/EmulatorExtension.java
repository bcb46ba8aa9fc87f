package io.ossync.emulator;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an {@link OssEmulator} for tests: port 0, a fresh temporary data folder, bucket
 * {@value #BUCKET}, region {@value #REGION}, keys {@link #ACCESS_KEY_ID}/{@link #ACCESS_KEY_SECRET}.
 * Registered on a static field it serves the whole class; on an instance field, each test gets its
 * own. Faults and counters are reset before every test; the emulator is closed and its folder
 * deleted after.
 * <pre>
 * {@literal @}RegisterExtension static EmulatorExtension emulator = new EmulatorExtension();
 * </pre>
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    public static final String ACCESS_KEY_ID = "test-key-id";
    public static final String ACCESS_KEY_SECRET = "test-key-secret";
    public static final String BUCKET = "test-bucket";
    public static final String REGION = "cn-hangzhou";

    private OssEmulator emulator;
    private Path dataDir;
    private OSS sdk;
    private boolean perClass;
    private StsConfig sts;
    private Clock clock = Clock.systemUTC();

    /** The emulator also issues temporary credentials (see {@link #sts()}). */
    public EmulatorExtension withSts(StsConfig config) {
        this.sts = config;
        return this;
    }

    /** The emulator's clock (signature skew, STS expiry), e.g. a {@code MutableClock} to expire keys at once. */
    public EmulatorExtension withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            start();
        }
        emulator.faults().clear();
        emulator.counters().reset();
        emulator.sts().ifPresent(Sts::clearFaults);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (sdk != null) {
            sdk.shutdown();
            sdk = null;
        }
        if (!perClass) {
            stop();
        }
    }

    public OssEmulator emulator() {
        return emulator;
    }

    /** The STS side of the emulator; only with {@link #withSts}. */
    public Sts sts() {
        return emulator.sts().orElseThrow(() -> new IllegalStateException("the extension was not given withSts"));
    }

    public String endpoint() {
        return emulator.endpoint();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A signer with the extension's keys and region (test code of this package). */
    static TestV4Signer signer() {
        return new TestV4Signer(ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION);
    }

    /** A plain-HTTP client of the extension's bucket, signing with its keys. */
    OssTestClient client() {
        return new OssTestClient(endpoint(), BUCKET, signer());
    }

    /** The official SDK on this emulator (see {@link #sdkClient(String)}), shut down after the test. */
    OSS sdk() {
        if (sdk == null) {
            sdk = sdkClient(endpoint());
        }
        return sdk;
    }

    /** The official SDK with the extension's keys and region: V4, no retries, CRC-64 checks on. */
    static OSS sdkClient(String endpoint) {
        return sdkClient(endpoint, new DefaultCredentialProvider(ACCESS_KEY_ID, ACCESS_KEY_SECRET));
    }

    /** The official SDK as {@link #sdkClient(String)} configures it, with other credentials (STS ones). */
    static OSS sdkClient(String endpoint, CredentialsProvider credentials) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        conf.setMaxErrorRetry(0);
        conf.setCrcCheckEnabled(true);
        return OSSClientBuilder.create().endpoint(endpoint)
                .credentialsProvider(credentials)
                .clientConfiguration(conf).region(REGION).build();
    }

    public EmulatorConfig config() {
        return new EmulatorConfig(dataDir, 0, List.of(BUCKET), REGION, ACCESS_KEY_ID, ACCESS_KEY_SECRET, null, sts);
    }

    private void start() {
        try {
            dataDir = Files.createTempDirectory("oss-emulator-");
            emulator = OssEmulator.start(config(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        if (emulator == null) {
            return;
        }
        emulator.close();
        emulator = null;
        try {
            BucketFolders.deleteTree(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
