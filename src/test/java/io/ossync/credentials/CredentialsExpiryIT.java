package io.ossync.credentials;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.StsConfig;
import io.ossync.emulator.StsEndpoint;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.StateRows;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon as a child JVM, without any {@code OSS_*} variable, on keys from the emulator's
 * credentials URI that live 20 s: small files arrive for 80 s while one 40 MiB file, slowed by
 * {@code max-bandwidth}, takes about 50 s, so its parts are signed with three keys or more. Every
 * object is byte-identical, nothing is set aside, no upload is restarted or failed (the 80% refresh
 * keeps a valid key at hand), and the daemon fetched a key every 16 s or so.
 */
class CredentialsExpiryIT {

    private static final Duration LIFETIME = Duration.ofSeconds(20);
    private static final long BIG = 40L * 1024 * 1024;
    /** 40 MiB at 800 KiB/s: 51 s, past two expiries and three refreshes. */
    private static final String BANDWIDTH = "800KiB";
    private static final Duration ARRIVALS = Duration.ofSeconds(80);
    private static final Duration BETWEEN_SMALL = Duration.ofMillis(333);
    private static final Pattern EXPIRY = Pattern.compile("(?m)^ossync_credentials_expiry_timestamp_seconds (\\S+)$");
    private static final Pattern RESTARTS = Pattern.compile("(?m)^ossync_upload_restarts_total(\\{[^}]*})? (\\S+)$");

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension().withSts(StsConfig.of(LIFETIME));

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator).environment(Map.of());

    @Test
    void keysExpiringEvery20sUnderSmallFilesAndOneSlowBigUploadLoseNothingAndRestartNothing() throws Exception {
        daemon.config().credentials("{source: uri, uri: \"" + emulator.sts().credentialsUri() + "\"}")
                .set("upload", "{ part-size: 1MiB, routines: 4, workers: 3, max-bandwidth: " + BANDWIDTH + " }")
                .set("metrics", "{ listen: \"127.0.0.1:0\" }");
        daemon.start();
        assertThat(daemon.log()).contains("credentials loaded source=uri " + emulator.sts().credentialsUri());

        // Written beside the inbox, moved in whole: the watch sees it complete.
        Path staged = TestFiles.random(daemon.dir().resolve("big.bin"), BIG, 40);
        String bigSha = TestFiles.sha256(staged);
        Path big = Files.move(staged, daemon.inbox().resolve("big.bin"), StandardCopyOption.ATOMIC_MOVE);
        long bigIn = System.nanoTime();

        List<Path> small = new ArrayList<>();
        long end = System.nanoTime() + ARRIVALS.toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            small.add(TestFiles.random(daemon.inbox().resolve("small-%03d.bin".formatted(i)), 1000 + 37L * i, i));
            Thread.sleep(BETWEEN_SMALL.toMillis());
        }

        daemon.awaitObject("in/big.bin", bigSha, Duration.ofSeconds(15));
        Duration bigTook = Duration.ofNanos(System.nanoTime() - bigIn);
        for (Path f : small) {
            daemon.awaitObject("in/" + f.getFileName(), TestFiles.sha256(f), Duration.ofSeconds(10));
        }

        // The big upload spanned two expiries at least, so its parts were signed with several keys.
        assertThat(bigTook).as("time to upload the big file").isGreaterThan(LIFETIME.multipliedBy(2));
        assertThat(emulator.sts().issuedCount()).as("keys issued").isGreaterThanOrEqualTo(4);
        assertThat(emulator.sts().requests(StsEndpoint.CREDENTIALS_URI)).isEqualTo(emulator.sts().issuedCount());
        assertThat(new StateRows(daemon.stateDb()).setAside()).as("jobs set aside").isZero();
        List<String> lines = daemon.logLines();
        assertThat(lines).as("uploads restarted, failed, refused or set aside").noneMatch(l ->
                l.contains("upload restarted") || l.contains("upload failed") || l.contains("upload refused")
                        || l.contains("set aside") || l.contains("credentials refresh failed"));
        assertThat(String.join("\n", lines)).doesNotContain("SecurityTokenExpired").doesNotContain("InvalidAccessKeyId");
        assertThat(lines).filteredOn(l -> l.contains("file uploaded path=")).hasSize(small.size() + 1);
        assertThat(lines).filteredOn(l -> l.contains("upload completed file=" + big)).singleElement().asString()
                .contains("resumed=0 restarts=0");
        String metrics = daemon.httpGet("/metrics").body();
        Matcher restarts = RESTARTS.matcher(metrics);
        while (restarts.find()) {
            assertThat(Double.parseDouble(restarts.group(2))).as("restarts %s", restarts.group(1)).isZero();
        }
        Matcher expiry = EXPIRY.matcher(metrics);
        assertThat(expiry.find()).as("expiry metric in %s", metrics).isTrue();
        assertThat(Double.parseDouble(expiry.group(1))).as("credentials expiry")
                .isGreaterThan(Instant.now().getEpochSecond());
        assertThat(daemon.terminate()).isZero();
    }
}
