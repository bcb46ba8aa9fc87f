package io.ossync.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ossync.config.CredentialsSetting;
import io.ossync.config.CredentialsSource;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECS RAM role source against a stand-in metadata service. credentials-java 1.0.3 hard-codes
 * the host 100.100.100.200; its {@code HttpURLConnection} honours {@code http.proxyHost}, so the
 * stand-in is reached as that host's proxy (requests arrive in absolute form). The proxy
 * properties are the JVM's: set for this test only, and put back.
 */
class EcsRamRoleSourceTest {

    @TempDir
    Path home;

    private HttpServer metadata;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private String oldHost;
    private String oldPort;

    @BeforeEach
    void start() throws IOException {
        metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metadata.createContext("/", this::answer);
        metadata.start();
        oldHost = System.getProperty("http.proxyHost");
        oldPort = System.getProperty("http.proxyPort");
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", String.valueOf(metadata.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        restore("http.proxyHost", oldHost);
        restore("http.proxyPort", oldPort);
        metadata.stop(0);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String token = ex.getRequestHeaders().getFirst("X-aliyun-ecs-metadata-token");
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getHost() + path + (token == null ? "" : " token"));
        String body;
        if (ex.getRequestMethod().equals("PUT") && path.equals("/latest/api/token")) {
            body = "imds-session-token";
        } else if (path.equals("/latest/meta-data/ram/security-credentials/")) {
            body = "ossync-writer";
        } else if (path.equals("/latest/meta-data/ram/security-credentials/ossync-writer")) {
            body = """
                    {"Code":"Success","AccessKeyId":"STS.ecs-1","AccessKeySecret":"CANARY-ecs-secret",\
                    "SecurityToken":"CANARY-ecs-token","Expiration":"%s","LastUpdated":"x"}""".formatted(
                    Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        } else {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void theRoleIsAskedOfTheMetadataServiceWithAnImdsV2TokenFirst() {
        try (RefreshingCredentialsProvider p = RefreshingCredentialsProvider.start(
                CredentialsSetting.of(CredentialsSource.ECS_RAM_ROLE), Map.of(), home)) {
            assertThat(p.problem()).isEmpty();
            assertThat(p.currentKeyId()).isEqualTo("STS.ecs-1");
            assertThat(p.getCredentials().getSecurityToken()).isEqualTo("CANARY-ecs-token");
            assertThat(p.state().expiry()).isPresent();
            assertThat(seen).containsSubsequence("PUT 100.100.100.200/latest/api/token",
                    "GET 100.100.100.200/latest/meta-data/ram/security-credentials/ token",
                    "GET 100.100.100.200/latest/meta-data/ram/security-credentials/ossync-writer token");
        }
    }

    @Test
    void aNamedRoleIsFetchedDirectly() {
        try (RefreshingCredentialsProvider p = RefreshingCredentialsProvider.start(new CredentialsSetting(
                CredentialsSource.ECS_RAM_ROLE, Optional.of("ossync-writer"), Optional.empty(), Optional.empty()),
                Map.of(), home)) {
            assertThat(p.currentKeyId()).isEqualTo("STS.ecs-1");
            assertThat(p.state().source()).isEqualTo("ecs-ram-role (ossync-writer)");
            assertThat(seen).noneMatch(s -> s.endsWith("/security-credentials/ token"));
        }
    }

    @Test
    void anUnknownRoleIsAClearErrorWithoutTheAnswer() {
        try (RefreshingCredentialsProvider p = RefreshingCredentialsProvider.start(new CredentialsSetting(
                CredentialsSource.ECS_RAM_ROLE, Optional.of("no-such-role"), Optional.empty(), Optional.empty()),
                Map.of(), home)) {
            assertThat(p.problem().orElseThrow()).startsWith("ecs-ram-role (no-such-role): ")
                    .contains("ECS metadata service");
        }
    }
}
