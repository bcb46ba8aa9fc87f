package io.ossync.store;

import com.sun.net.httpserver.HttpServer;
import io.ossync.config.CredentialsSetting;
import io.ossync.config.CredentialsSource;
import io.ossync.testing.CredentialsUriServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request that OSS refuses because its temporary credentials expired is signed again once with
 * fresh ones, inside the store: the caller sees a success. The "OSS" here is a loopback server
 * that refuses one key id (as OSS does an expired STS token) and accepts every other.
 */
class ExpiredCredentialsRetryTest {

    private static final Pattern KEY_ID = Pattern.compile("Credential=([^/]+)/");

    @TempDir
    Path home;

    private HttpServer oss;
    private final List<String> signedWith = new CopyOnWriteArrayList<>();
    private volatile String refusedKeyId;
    private volatile String refusedCode = "SecurityTokenExpired";
    private CredentialsUriServer uri;

    @BeforeEach
    void start() throws IOException {
        uri = new CredentialsUriServer(Duration.ofMinutes(60));
        oss = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        oss.createContext("/", exchange -> {
            Matcher m = KEY_ID.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String keyId = m.find() ? m.group(1) : "none";
            signedWith.add(keyId);
            if (keyId.equals(refusedKeyId)) {
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + refusedCode + "</Code>"
                        + "<Message>The security token you provided has expired.</Message>"
                        + "<RequestId>5F00000000000000</RequestId><HostId>127.0.0.1</HostId></Error>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/xml");
                exchange.getResponseHeaders().set("x-oss-request-id", "5F00000000000000");
                exchange.sendResponseHeaders(403, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else {
                exchange.getResponseHeaders().set("x-oss-request-id", "5F00000000000001");
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        oss.start();
    }

    @AfterEach
    void stop() {
        oss.stop(0);
        uri.close();
    }

    private RefreshingCredentialsProvider fromUri() {
        return RefreshingCredentialsProvider.start(new CredentialsSetting(CredentialsSource.URI, Optional.empty(),
                Optional.of(uri.uri()), Optional.empty()), Map.of(), home);
    }

    private OssObjectStore store(RefreshingCredentialsProvider credentials) {
        return new OssObjectStore(OssEndpoint.parse("http://127.0.0.1:" + oss.getAddress().getPort(), "cn-hangzhou",
                false), credentials, OssClientTuning.DEFAULT);
    }

    @Test
    void anExpiredTokenIsRenewedAndTheRequestSentOnceMore() {
        try (RefreshingCredentialsProvider creds = fromUri();
             OssObjectStore store = store(creds)) {
            refusedKeyId = "STS.key-1";
            store.deleteObject("bucket", "a.txt");
            assertThat(signedWith).containsExactly("STS.key-1", "STS.key-2");
            assertThat(uri.fetches()).isEqualTo(2);
            assertThat(creds.currentKeyId()).isEqualTo("STS.key-2");
        }
    }

    @Test
    void refusedAgainAfterTheRenewalItFailsOnceAsAnAccessErrorWithoutSecrets() {
        try (RefreshingCredentialsProvider creds = fromUri();
             OssObjectStore store = store(creds)) {
            refusedKeyId = "STS.key-1";
            uri.failWith(new CredentialsUriServer.Failure(500, "CANARY-body"));
            assertThatThrownBy(() -> store.deleteObject("bucket", "b.txt"))
                    .isInstanceOf(StoreException.AccessDenied.class)
                    .hasMessageContaining("SecurityTokenExpired")
                    .hasMessageNotContaining("CANARY");
            assertThat(signedWith).containsExactly("STS.key-1");
            assertThat(creds.problem()).isPresent();
        }
    }

    @Test
    void aPermanentKeyThatIsRefusedIsNotRetried() {
        try (RefreshingCredentialsProvider creds = RefreshingCredentialsProvider.fixed(
                new OssCredentials("LTAI-fixed", "CANARY-fixed", Optional.empty()), "test");
             OssObjectStore store = store(creds)) {
            refusedCode = "InvalidAccessKeyId";
            refusedKeyId = "LTAI-fixed";
            assertThatThrownBy(() -> store.deleteObject("bucket", "c.txt"))
                    .isInstanceOf(StoreException.AccessDenied.class)
                    .hasMessageContaining("InvalidAccessKeyId (HTTP 403)")
                    .hasMessageNotContaining("CANARY");
            assertThat(signedWith).containsExactly("LTAI-fixed");
        }
    }

    @Test
    void withoutCredentialsNothingIsSent() {
        uri.failWith(new CredentialsUriServer.Failure(503, "down"));
        try (RefreshingCredentialsProvider creds = fromUri();
             OssObjectStore store = store(creds)) {
            assertThatThrownBy(() -> store.deleteObject("bucket", "d.txt"))
                    .isInstanceOf(StoreException.AccessDenied.class)
                    .hasMessageContaining("NoCredentials")
                    .hasMessageContaining("HttpCode=503");
            assertThat(signedWith).isEmpty();
        }
    }
}
