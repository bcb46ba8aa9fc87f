package io.ossync.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What a test sees of the emulator's STS side: the addresses to give a credentials client, how many
 * keys were issued, how many requests each endpoint got, and faults that last until cleared (an
 * endpoint that is "down" stays down). Thread-safe.
 */
public final class Sts {
    /** The path of the credentials-URI endpoint. */
    public static final String CREDENTIALS_PATH = "/sts/credentials";

    /** The ports are known only once the server is bound (port 0 picks one): read them when asked. */
    private final IntSupplier port;
    private final IntSupplier tlsPort;
    private final StsTls tls;
    private final StsConfig config;
    private final IssuedKeys keys;
    private final Map<StsEndpoint, LongAdder> requests = new EnumMap<>(StsEndpoint.class);
    private final Map<StsEndpoint, StsFault> faults = new EnumMap<>(StsEndpoint.class);

    /** @param tls the HTTPS port's certificate, or null (then {@code tlsPort} is never read) */
    Sts(IntSupplier port, IntSupplier tlsPort, StsTls tls, StsConfig config, IssuedKeys keys) {
        this.port = port;
        this.tlsPort = tlsPort;
        this.tls = tls;
        this.config = config;
        this.keys = keys;
        for (StsEndpoint e : StsEndpoint.values()) {
            requests.put(e, new LongAdder());
        }
    }

    public StsConfig config() {
        return config;
    }

    /** The value for {@code ALIBABA_CLOUD_CREDENTIALS_URI}. */
    public String credentialsUri() {
        return endpoint() + CREDENTIALS_PATH;
    }

    /** Where the ECS metadata paths and the STS API ({@code AssumeRoleWithOIDC}) answer: {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port.getAsInt();
    }

    /**
     * With {@link StsConfig#tls()}: {@code 127.0.0.1:PORT} of the HTTPS port, the value for
     * credentials-java's {@code STSEndpoint} (it prepends {@code https://} itself).
     */
    public Optional<String> tlsEndpoint() {
        return tls == null ? Optional.empty() : Optional.of("127.0.0.1:" + tlsPort.getAsInt());
    }

    /**
     * With {@link StsConfig#tls()}: the PKCS12 file a client must trust, no password needed
     * ({@code -Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStoreType=PKCS12}), deleted when
     * the emulator closes.
     */
    public Optional<Path> trustStore() {
        return tls == null ? Optional.empty() : Optional.of(tls.store());
    }

    /** Triples handed out so far, all endpoints. */
    public long issuedCount() {
        return keys.issuedCount();
    }

    /** Requests {@code e} received, faulted and refused ones included. */
    public long requests(StsEndpoint e) {
        return requests.get(e).sum();
    }

    /** From now on {@code e} answers with {@code fault}, until {@link #heal} or {@link #clearFaults}. */
    public synchronized void fail(StsEndpoint e, StsFault fault) {
        faults.put(Objects.requireNonNull(e, "endpoint"), Objects.requireNonNull(fault, "fault"));
    }

    public synchronized void heal(StsEndpoint e) {
        faults.remove(e);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    synchronized Optional<StsFault> faultOf(StsEndpoint e) {
        return Optional.ofNullable(faults.get(e));
    }

    void recordRequest(StsEndpoint e) {
        requests.get(e).increment();
    }

    IssuedKeys keys() {
        return keys;
    }

    /** Removes the certificate file, if any; the emulator calls this when it stops. */
    void close() throws IOException {
        if (tls != null) {
            tls.delete();
        }
    }
}
