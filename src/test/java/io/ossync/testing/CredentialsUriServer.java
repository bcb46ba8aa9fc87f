package io.ossync.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A credentials URI on loopback, as {@code ALIBABA_CLOUD_CREDENTIALS_URI} points at: answers the
 * JSON credentials-java expects ({@code Code}, {@code AccessKeyId}, {@code AccessKeySecret},
 * {@code SecurityToken}, {@code Expiration} in ISO-8601 UTC, whole seconds) with a new key on
 * every fetch ({@code STS.key-N}, secret {@code CANARY-secret-N}, token {@code CANARY-token-N}),
 * each living {@link #lifetime}. {@link #failWith} makes it answer an error status or a body of
 * the test's choosing instead; {@link #fixed} serves one given key (an emulator's) with a new
 * expiry each time.
 *
 * <p>To point a daemon at it: {@code target: {credentials: {source: uri, uri: SERVER.uri()}}}
 * ({@link TestConfig#credentials}), or, with the chain, the environment
 * {@code ALIBABA_CLOUD_CREDENTIALS_URI=SERVER.uri()} and {@code ALIBABA_CLOUD_ECS_METADATA_DISABLED=true}
 * without any {@code OSS_*} variable.
 */
public final class CredentialsUriServer implements AutoCloseable {

    public record Failure(int status, String body) {
    }

    /** The key, secret and token served instead of numbered ones; null for numbered ones. */
    private record Fixed(String keyId, String secret, String token) {
    }

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private volatile Duration lifetime;
    private final Fixed fixed;

    public CredentialsUriServer(Duration lifetime) throws IOException {
        this(lifetime, null);
    }

    /** Serves {@code keyId}, {@code secret} and {@code token} on every fetch, each time expiring after {@code lifetime}. */
    public static CredentialsUriServer fixed(String keyId, String secret, String token, Duration lifetime)
            throws IOException {
        return new CredentialsUriServer(lifetime, new Fixed(keyId, secret, token));
    }

    private CredentialsUriServer(Duration lifetime, Fixed fixed) throws IOException {
        this.lifetime = lifetime;
        this.fixed = fixed;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/creds", exchange -> {
            int n = fetches.incrementAndGet();
            Failure f = failure.get();
            int status = f == null ? 200 : f.status();
            Fixed k = fixed != null ? fixed : new Fixed("STS.key-" + n, "CANARY-secret-" + n, "CANARY-token-" + n);
            String body = f != null ? f.body() : """
                    {"Code":"Success","AccessKeyId":"%s","AccessKeySecret":"%s",\
                    "SecurityToken":"%s","Expiration":"%s"}""".formatted(k.keyId(), k.secret(), k.token(),
                    Instant.now().plus(this.lifetime).truncatedTo(ChronoUnit.SECONDS));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/creds";
    }

    public int fetches() {
        return fetches.get();
    }

    public void lifetime(Duration d) {
        lifetime = d;
    }

    /** Answers {@code status} with {@code body} from now on; null answers credentials again. */
    public void failWith(Failure f) {
        failure.set(f);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
