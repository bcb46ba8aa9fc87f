package io.ossync.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An endpoint that accepts every upload and answers with the CRC-64 it is told to, or with none:
 * the faults the strict emulator never makes (it always states the CRC of what it received), for
 * the contract's "a server that omits the CRC-64 or disagrees is an error". Checks no signature.
 */
final class CrcLyingServer implements AutoCloseable {

    private final HttpServer server;
    private volatile String crc64;

    private CrcLyingServer(HttpServer server) {
        this.server = server;
    }

    static CrcLyingServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CrcLyingServer lying = new CrcLyingServer(http);
        http.createContext("/", lying::answer);
        http.start();
        return lying;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The value of {@code x-oss-hash-crc64ecma} in later answers; null leaves the header out. */
    void answerCrc64(String value) {
        this.crc64 = value;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().add("ETag", "\"0123456789ABCDEF0123456789ABCDEF\"");
            exchange.getResponseHeaders().add("x-oss-request-id", "CRC-LIE");
            String value = crc64;
            if (value != null) {
                exchange.getResponseHeaders().add("x-oss-hash-crc64ecma", value);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
