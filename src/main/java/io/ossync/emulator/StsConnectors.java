package io.ossync.emulator;

import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Where the STS side listens: the emulator's own port always, and with {@link StsConfig#tls()} a
 * second, HTTPS port on 127.0.0.1 serving the same handlers (OSS requests too, harmlessly).
 */
final class StsConnectors {
    private StsConnectors() {
    }

    /** The STS facade for this server; adds the HTTPS connector first when asked for. */
    static Sts attach(Server server, HttpConfiguration http, ServerConnector plain, StsConfig config,
                      IssuedKeys keys) throws IOException {
        if (!config.tls()) {
            return new Sts(plain::getLocalPort, () -> -1, null, config, keys);
        }
        StsTls tls = StsTls.create();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.store().toString());
        ssl.setKeyStorePassword(tls.password());
        ssl.setKeyStoreType(StsTls.TYPE);
        ServerConnector secure = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(new HttpConfiguration(http)));
        secure.setHost("127.0.0.1");
        secure.setPort(0);
        secure.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        server.addConnector(secure);
        return new Sts(plain::getLocalPort, secure::getLocalPort, tls, config, keys);
    }
}
