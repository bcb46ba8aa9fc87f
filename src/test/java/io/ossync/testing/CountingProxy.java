package io.ossync.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A plain-HTTP/1.1 relay in front of a server (the emulator) that counts request-body bytes per
 * request path, which the emulator's counters (per operation only) cannot tell: a test points the
 * daemon at {@link #endpoint()} and asks how many bytes were sent for the keys under a prefix.
 * <p>
 * Assumptions: path-style requests ({@code /bucket/key?query}), bodies framed by
 * {@code Content-Length} or {@code chunked}, no pipelining. Responses are relayed unparsed. A body
 * byte counts once this relay has read it from the client, so a request cut by the server mid-body
 * may count a little more than the server read (never less). The signature does not cover the
 * {@code Host} header (OSS V4 with no additional headers), so relaying does not break it.
 */
public final class CountingProxy implements Closeable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Map<String, LongAdder> bodyBytes = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private CountingProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        this.acceptor = new Thread(this::accept, "counting-proxy");
        acceptor.setDaemon(true);
    }

    /** Relays to {@code endpoint} ({@code http://host:port}) from a port of its own on 127.0.0.1. */
    public static CountingProxy start(String endpoint) throws IOException {
        URI uri = URI.create(endpoint);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CountingProxy proxy = new CountingProxy(server, new InetSocketAddress(uri.getHost(), uri.getPort()));
        proxy.acceptor.start();
        return proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Request-body bytes relayed for paths (decoded, without the query) starting with {@code pathPrefix}. */
    public long bodyBytes(String pathPrefix) {
        return bodyBytes.entrySet().stream().filter(e -> e.getKey().startsWith(pathPrefix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                Thread requests = new Thread(() -> relayRequests(client, upstream), "counting-proxy-requests");
                Thread responses = new Thread(() -> relayResponses(upstream, client), "counting-proxy-responses");
                requests.setDaemon(true);
                responses.setDaemon(true);
                requests.start();
                responses.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("counting proxy: " + e);
                }
            }
        }
    }

    private static void relayResponses(Socket upstream, Socket client) {
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // either side closed
        } finally {
            closeQuietly(client, upstream);
        }
    }

    private void relayRequests(Socket client, Socket upstream) {
        try (InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
             OutputStream out = upstream.getOutputStream()) {
            while (true) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                String requestLine = line(in, head);
                if (requestLine == null) {
                    return;
                }
                long contentLength = 0;
                boolean chunked = false;
                for (String header = line(in, head); header != null && !header.isEmpty(); header = line(in, head)) {
                    int colon = header.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).trim();
                    if (name.equals("content-length")) {
                        contentLength = Long.parseLong(value);
                    } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                        chunked = true;
                    }
                }
                out.write(head.toByteArray());
                LongAdder counter = bodyBytes.computeIfAbsent(path(requestLine), p -> new LongAdder());
                if (chunked) {
                    while (true) {
                        ByteArrayOutputStream sizeLine = new ByteArrayOutputStream();
                        String size = line(in, sizeLine);
                        out.write(sizeLine.toByteArray());
                        long n = Long.parseLong(size.split(";", 2)[0].trim(), 16);
                        if (n == 0) {
                            ByteArrayOutputStream trailers = new ByteArrayOutputStream();
                            for (String t = line(in, trailers); t != null && !t.isEmpty(); t = line(in, trailers)) {
                                // trailers are relayed as read
                            }
                            out.write(trailers.toByteArray());
                            break;
                        }
                        copy(in, out, n, counter);
                        ByteArrayOutputStream crlf = new ByteArrayOutputStream();
                        line(in, crlf);
                        out.write(crlf.toByteArray());
                    }
                } else {
                    copy(in, out, contentLength, counter);
                }
                out.flush();
            }
        } catch (IOException | RuntimeException ignored) {
            // a side closed mid-request (a cut, a killed daemon): the connection ends
        } finally {
            closeQuietly(client, upstream);
        }
    }

    private static void copy(InputStream in, OutputStream out, long n, LongAdder counter) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("body ended early");
            }
            counter.add(r);
            out.write(buf, 0, r);
            n -= r;
        }
    }

    /** Reads one line (CRLF or LF ended), appending its raw bytes to {@code raw}; null at the end of the stream. */
    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            raw.write(b);
            if (b == '\n') {
                String s = text.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            text.write(b);
        }
        return text.size() == 0 ? null : text.toString(StandardCharsets.ISO_8859_1);
    }

    /** The decoded path of {@code METHOD /path?query HTTP/1.1}. */
    private static String path(String requestLine) {
        String[] parts = requestLine.split(" ");
        String target = parts.length > 1 ? parts[1] : "";
        int q = target.indexOf('?');
        String raw = q < 0 ? target : target.substring(0, q);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                decoded.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                decoded.write(c);
            }
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
