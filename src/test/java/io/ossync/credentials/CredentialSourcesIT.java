package io.ossync.credentials;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.StsConfig;
import io.ossync.emulator.StsEndpoint;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestConfig;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each source of {@code target.credentials} against the emulator, with the daemon as a child JVM
 * (short runs, one file uploaded each): {@code environment} (the emulator's static key),
 * {@code uri}, {@code ecs-ram-role} (the library's fixed metadata host reached through the emulator
 * named as HTTP proxy, IMDSv2 token required), {@code profile} (a CLI {@code config.json} in a home
 * of the test's, a warning when others may read it) and {@code oidc} (the STS API over https,
 * the emulator's certificate trusted); then the chain's precedence with {@code auto}.
 */
class CredentialSourcesIT {

    private static final String ROLE = "ossync-writer";
    /** Variables of the chain a developer's shell may hold: the child does not inherit them. */
    private static final String[] ALIBABA_VARIABLES = {"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_ECS_METADATA",
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED", "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_CREDENTIALS_FILE"};

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension()
            .withSts(StsConfig.of(Duration.ofSeconds(20)).withRoleName(ROLE).requiringImdsToken().withTls());

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator).withoutEnvironment(ALIBABA_VARIABLES);

    private int uploads;

    @Test
    void environmentTakesTheOssVariablesThenTheAlibabaCloudOnes() throws Exception {
        daemon.config().credentials("environment");
        daemon.environment(TestConfig.EMULATOR_ENV).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=environment (OSS_ACCESS_KEY_ID) access_key_id="
                + EmulatorExtension.ACCESS_KEY_ID + " expiry=none");
        assertThat(daemon.terminate()).isZero();

        daemon.environment(Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET)).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
        assertThat(emulator.sts().issuedCount()).isZero();
    }

    @Test
    void uriFromTheConfigurationOrFromItsVariable() throws Exception {
        String uri = emulator.sts().credentialsUri();
        daemon.config().credentials("{source: uri, uri: \"" + uri + "\"}");
        daemon.environment(Map.of()).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=uri " + uri + " access_key_id=STS.");
        assertThat(daemon.terminate()).isZero();
        long fetched = emulator.sts().requests(StsEndpoint.CREDENTIALS_URI);
        assertThat(fetched).isPositive();

        daemon.config().credentials("uri");
        daemon.environment(Map.of("ALIBABA_CLOUD_CREDENTIALS_URI", uri)).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=uri " + uri);
        assertThat(emulator.sts().requests(StsEndpoint.CREDENTIALS_URI)).isGreaterThan(fetched);
    }

    @Test
    void ecsRamRoleAsksTheMetadataServiceWithAnImdsV2TokenForTheRoleItListsOrTheOneNamed() throws Exception {
        daemon.jvmOptions(metadataServiceIsTheEmulator());
        daemon.config().credentials("ecs-ram-role");
        daemon.environment(Map.of()).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=ecs-ram-role access_key_id=STS.");
        assertThat(daemon.terminate()).isZero();
        assertThat(emulator.sts().requests(StsEndpoint.ECS_TOKEN)).isPositive();
        assertThat(emulator.sts().requests(StsEndpoint.ECS_ROLE)).isPositive();
        assertThat(emulator.sts().requests(StsEndpoint.ECS_CREDENTIALS)).isPositive();
        long roleListed = emulator.sts().requests(StsEndpoint.ECS_ROLE);

        daemon.config().credentials("{source: ecs-ram-role, role: " + ROLE + "}");
        daemon.start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=ecs-ram-role (" + ROLE + ") access_key_id=STS.");
        assertThat(emulator.sts().requests(StsEndpoint.ECS_ROLE)).as("role asked again").isEqualTo(roleListed);
    }

    @Test
    void profileReadsTheCliConfigOfTheDaemonsHomeAndWarnsWhenOthersMayReadIt() throws Exception {
        Path home = Files.createDirectories(daemon.dir().resolve("home"));
        Path config = Files.createDirectories(home.resolve(".aliyun")).resolve("config.json");
        Files.writeString(config, """
                {"current": "default", "profiles": [
                  {"name": "default", "mode": "AK", "access_key_id": "%1$s", "access_key_secret": "%2$s"},
                  {"name": "backup", "mode": "AK", "access_key_id": "%1$s", "access_key_secret": "%2$s"},
                  {"name": "wrong", "mode": "AK", "access_key_id": "%1$s", "access_key_secret": "not-the-secret"}]}
                """.formatted(EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        // Java 17 takes user.home from the password database, not from HOME: both are given.
        daemon.jvmOptions("-Duser.home=" + home);
        daemon.config().credentials("profile");
        daemon.environment(Map.of("HOME", home.toString())).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=profile " + config + " access_key_id="
                        + EmulatorExtension.ACCESS_KEY_ID)
                .contains("credentials file readable by others: chmod 600 it and rotate its keys file=" + config
                        + " mode=rw-r--r--");
        assertThat(daemon.terminate()).isZero();

        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        daemon.config().credentials("{source: profile, name: backup}");
        daemon.start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=profile " + config + " (backup)")
                .doesNotContain("readable by others");
        assertThat(daemon.terminate()).isZero();

        // The name is honoured: a profile with a wrong secret is refused by OSS.
        daemon.config().credentials("{source: profile, name: wrong}");
        daemon.start();
        Files.writeString(daemon.inbox().resolve("refused.bin"), "refused");
        daemon.awaitLog("upload refused, will retry slowly path=" + daemon.inbox().resolve("refused.bin"),
                Duration.ofSeconds(30));
        assertThat(daemon.log()).contains("SignatureDoesNotMatch").doesNotContain("not-the-secret");
    }

    @Test
    void oidcAssumesTheRoleWithTheTokenFileOverHttps() throws Exception {
        Path token = Files.writeString(daemon.dir().resolve("oidc-token"), "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
        Path trustStore = emulator.sts().trustStore().orElseThrow();
        daemon.jvmOptions("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStoreType=PKCS12");
        daemon.config().credentials("{source: oidc, sts-endpoint: \"" + emulator.sts().tlsEndpoint().orElseThrow()
                + "\"}");
        daemon.environment(Map.of("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1234567890:role/ossync",
                "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "acs:ram::1234567890:oidc-provider/ack",
                "ALIBABA_CLOUD_OIDC_TOKEN_FILE", token.toString())).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=oidc (acs:ram::1234567890:role/ossync) "
                + "access_key_id=STS.");
        assertThat(emulator.sts().requests(StsEndpoint.OIDC)).isPositive();
    }

    /**
     * The chain ({@code auto}): the {@code OSS_*} variables before everything, so a credentials URI
     * also set gets no request; without them, the ECS RAM role before the credentials URI; with the
     * metadata service disabled, the credentials URI.
     */
    @Test
    void theChainTakesOssVariablesFirstThenTheEcsRoleThenTheCredentialsUri() throws Exception {
        Path emptyHome = Files.createDirectories(daemon.dir().resolve("home"));
        String uri = emulator.sts().credentialsUri();
        daemon.jvmOptions(withUserHome(emptyHome, metadataServiceIsTheEmulator()));
        Map<String, String> env = new HashMap<>(TestConfig.EMULATOR_ENV);
        env.put("ALIBABA_CLOUD_CREDENTIALS_URI", uri);
        daemon.environment(env).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=environment (OSS_ACCESS_KEY_ID)")
                .contains("credentials=\"environment (OSS_ACCESS_KEY_ID)\"");
        assertThat(daemon.terminate()).isZero();
        assertThat(emulator.sts().requests(StsEndpoint.CREDENTIALS_URI)).isZero();
        assertThat(emulator.sts().requests(StsEndpoint.ECS_TOKEN)).isZero();
        assertThat(emulator.sts().issuedCount()).isZero();

        daemon.environment(Map.of("ALIBABA_CLOUD_CREDENTIALS_URI", uri)).start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=ecs-ram-role access_key_id=STS.");
        assertThat(daemon.terminate()).isZero();
        assertThat(emulator.sts().requests(StsEndpoint.CREDENTIALS_URI)).isZero();
        assertThat(emulator.sts().requests(StsEndpoint.ECS_CREDENTIALS)).isPositive();

        daemon.environment(Map.of("ALIBABA_CLOUD_CREDENTIALS_URI", uri, "ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"))
                .start();
        uploadsOneFile();
        assertThat(daemon.log()).contains("credentials loaded source=uri " + uri + " access_key_id=STS.");
        assertThat(emulator.sts().requests(StsEndpoint.CREDENTIALS_URI)).isPositive();
    }

    /** Writes a new file to the inbox and waits for its object. */
    private void uploadsOneFile() throws Exception {
        uploads++;
        Path file = TestFiles.random(daemon.inbox().resolve("file-" + uploads + ".bin"), 10_000 + uploads, uploads);
        daemon.awaitObject("in/" + file.getFileName(), TestFiles.sha256(file), Duration.ofSeconds(30));
    }

    /** credentials-java's fixed metadata host 100.100.100.200 reached through the emulator, named as HTTP proxy. */
    private String[] metadataServiceIsTheEmulator() {
        return new String[] {"-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + emulator.emulator().port()};
    }

    private static String[] withUserHome(Path home, String... options) {
        String[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = "-Duser.home=" + home;
        return all;
    }
}
