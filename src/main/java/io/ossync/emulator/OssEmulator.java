package io.ossync.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A strict OSS-compatible server on 127.0.0.1, for tests, benchmarks and demos: V4 signatures
 * verified, OSS's part rules and XML errors, CRC-64 and MD5 on every upload, data on disk that
 * survives a restart. Shares no code with the client side (not the SDK, not io.ossync.store), so it
 * can judge it. Faults can be injected and what it received is counted.
 */
public final class OssEmulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OssEmulator.class);
    /** OSS refuses requests whose x-oss-date is more than 15 minutes from its clock. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private final Server server;
    private final int port;
    private final Faults faults;
    private final Counters counters;
    private final Sts sts;
    /** A read-only emulator is a reader's private helper (ls, verify): its start and stop are not news. */
    private final boolean readOnly;

    private OssEmulator(Server server, int port, Faults faults, Counters counters, Sts sts, boolean readOnly) {
        this.server = server;
        this.port = port;
        this.faults = faults;
        this.counters = counters;
        this.sts = sts;
        this.readOnly = readOnly;
    }

    /** Starts the emulator; returns once it accepts requests. */
    public static OssEmulator start(EmulatorConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts an emulator that serves the buckets already in {@code config.dataDir()} read-only, beside
     * the process that owns the folder (the demo daemon's embedded target): it creates, cleans and
     * deletes nothing there (an owner's start sweeps temporary and unreferenced files, which would
     * destroy the owner's uploads in flight), lists the objects committed when it started, answers
     * HEAD and GET from the disk as it is now, knows no multipart uploads, and refuses every request that would write
     * with AccessDenied. {@code config.buckets()} is not created.
     */
    public static OssEmulator startReadOnly(EmulatorConfig config) throws IOException {
        return start(config, Clock.systemUTC(), true);
    }

    static OssEmulator start(EmulatorConfig config, Clock clock) throws IOException {
        return start(config, clock, false);
    }

    private static OssEmulator start(EmulatorConfig config, Clock clock, boolean readOnly) throws IOException {
        Storage storage = readOnly ? Storage.openReadOnly(config.dataDir(), clock)
                : Storage.open(config.dataDir(), config.buckets(), clock);
        Faults faults = new Faults();
        Counters counters = new Counters();
        IssuedKeys issued = config.sts() == null ? null : new IssuedKeys(clock);
        KeyRing keys = new KeyRing(config.accessKeyId(), config.accessKeySecret(), config.securityToken(), issued);
        V4Verifier verifier = new V4Verifier(keys, config.region(), clock, MAX_CLOCK_SKEW);
        RequestIds requestIds = new RequestIds();
        OssHandler handler = new OssHandler(storage, verifier, faults, counters, requestIds,
                new ObjectApi(clock), new MultipartApi(), new CopyApi(storage, counters, clock), new Listings(), readOnly);

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("oss-emulator");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Object keys may hold "//", "%2F", ".." segments: the path is taken raw and decoded here.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setOutputBufferSize(256 * 1024);
        HttpConnectionFactory factory = new HttpConnectionFactory(http);
        factory.setInputBufferSize(256 * 1024);
        ServerConnector connector = new ServerConnector(server, 1, 1, factory);
        connector.setHost("127.0.0.1");
        connector.setPort(config.port());
        connector.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        server.addConnector(connector);
        Sts sts = issued == null ? null : StsConnectors.attach(server, http, connector, config.sts(), issued);
        server.setHandler(sts == null ? handler : new StsHandler(handler, sts, requestIds));
        // No graceful wait on close: a test closing the emulator must not pay a second per test, and a
        // request cut by close leaves the disk as a crash would (temporary files, swept at the next start).
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server, sts);
            throw e;
        } catch (Exception e) {
            stopQuietly(server, sts);
            throw new IOException("cannot start the emulator: " + e.getMessage(), e);
        }
        int port = connector.getLocalPort();
        log.atLevel(readOnly ? Level.DEBUG : Level.INFO).log(
                "oss emulator started{} endpoint=http://127.0.0.1:{} dataDir={} buckets={} region={} sts={}",
                readOnly ? " read-only" : "", port, config.dataDir(), storage.bucketNames(), config.region(),
                sts == null ? "off" : "lifetime=" + config.sts().lifetime() + " role=" + config.sts().roleName()
                        + sts.tlsEndpoint().map(e -> " https=" + e).orElse(""));
        return new OssEmulator(server, port, faults, counters, sts, readOnly);
    }

    /** Whether {@code dataDir} already holds a bucket an emulator made there (folders of other uses do not count). */
    public static boolean hasBuckets(Path dataDir) throws IOException {
        return Storage.holdsBuckets(dataDir);
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public Faults faults() {
        return faults;
    }

    public Counters counters() {
        return counters;
    }

    /** The STS side (credential endpoints, issued keys, their faults), if the config turned it on. */
    public Optional<Sts> sts() {
        return Optional.ofNullable(sts);
    }

    /** Stops serving; the data stays on disk for the next start. */
    @Override
    public void close() {
        try {
            server.stop();
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("cannot stop the emulator: " + e.getMessage(), e));
        }
        if (sts != null) {
            try {
                sts.close();
            } catch (IOException e) {
                log.warn("cannot delete the emulator's certificate reason={}", e.toString());
            }
        }
        log.atLevel(readOnly ? Level.DEBUG : Level.INFO).log("oss emulator stopped port={}", port);
    }

    private static void stopQuietly(Server server, Sts sts) {
        try {
            server.stop();
            if (sts != null) {
                sts.close();
            }
        } catch (Exception e) {
            log.debug("stop after failed start failed reason={}", e.toString());
        }
    }
}
