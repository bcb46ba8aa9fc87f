package io.ossync.metrics;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.CredentialsUriServer;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon in process with credentials from a credentials URI that is down when it starts: it
 * stays up, says why on {@code /health} (503), uploads nothing; once the URI answers, the file is
 * uploaded, {@code /health} is 200 and the expiry metric shows the credentials' expiry.
 */
class CredentialsDaemonIT {

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aCredentialsSourceDownAtStartHoldsUploadsUntilItAnswers() throws Exception {
        // The emulator takes no token: the URI answers an empty one (a permanent key, served as temporary).
        try (CredentialsUriServer uri = CredentialsUriServer.fixed(EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET, "", Duration.ofMinutes(30))) {
            uri.failWith(new CredentialsUriServer.Failure(503, "metadata service down"));
            daemon.config().credentials("{source: uri, uri: \"" + uri.uri() + "\"}")
                    .set("metrics", "{ listen: 127.0.0.1:0 }");
            daemon.start();
            TestFiles.random(daemon.inbox().resolve("a.bin"), 5000, 1);

            HttpResponse<String> down = get("/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("credentials fresh: uri " + uri.uri() + ": ")
                    .contains("HttpCode=503").doesNotContain("metadata service down");
            assertThat(Samples.parse(get("/metrics").body()).get("ossync_credentials_expiry_timestamp_seconds"))
                    .isZero();
            assertThat(daemon.log()).contains("credentials refresh failed")
                    .contains("credentials=\"uri " + uri.uri() + "\"");

            uri.failWith(null);
            try (RemoteObjects remote = daemon.remote()) {
                // The refused job waits as after an access error, but is due again once credentials are back.
                Awaitility.await("uploaded once the source answers").atMost(Duration.ofSeconds(15))
                        .until(() -> remote.exists(EmulatorExtension.BUCKET, "in/a.bin"));
            }
            Awaitility.await("healthy").atMost(Duration.ofSeconds(10)).until(() -> get("/health").statusCode() == 200);
            double expiry = Samples.parse(get("/metrics").body()).get("ossync_credentials_expiry_timestamp_seconds");
            assertThat(expiry).isGreaterThan(Instant.now().plus(Duration.ofMinutes(25)).getEpochSecond());
            assertThat(daemon.log()).contains("credentials loaded source=uri " + uri.uri());
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + daemon.daemon().metricsPort().getAsInt() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
