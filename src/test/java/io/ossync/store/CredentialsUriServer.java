package io.ossync.store;

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
 * the test's choosing instead.
 */
final class CredentialsUriServer implements AutoCloseable {

    record Failure(int status, String body) {
    }

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private volatile Duration lifetime;

    CredentialsUriServer(Duration lifetime) throws IOException {
        this.lifetime = lifetime;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/creds", exchange -> {
            int n = fetches.incrementAndGet();
            Failure f = failure.get();
            int status = f == null ? 200 : f.status();
            String body = f != null ? f.body() : """
                    {"Code":"Success","AccessKeyId":"STS.key-%d","AccessKeySecret":"CANARY-secret-%d",\
                    "SecurityToken":"CANARY-token-%d","Expiration":"%s"}""".formatted(n, n, n,
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

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/creds";
    }

    int fetches() {
        return fetches.get();
    }

    void lifetime(Duration d) {
        lifetime = d;
    }

    /** Answers {@code status} with {@code body} from now on; null answers credentials again. */
    void failWith(Failure f) {
        failure.set(f);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
