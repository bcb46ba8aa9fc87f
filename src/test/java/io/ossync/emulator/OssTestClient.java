package io.ossync.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain-HTTP requests to the emulator, signed by {@link TestV4Signer}, path-style. For tests only. */
final class OssTestClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String endpoint;
    private final String bucket;
    private final TestV4Signer signer;

    OssTestClient(String endpoint, String bucket, TestV4Signer signer) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.signer = signer;
    }

    Call call(String method, String key) {
        return new Call(method, bucket, key);
    }

    Call bucketCall(String method, String otherBucket) {
        return new Call(method, otherBucket, null);
    }

    /** One request being built. */
    final class Call {
        private final String method;
        private final String bucketName;
        private final String key;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> afterSigning = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private TestV4Signer signedBy = signer;
        private Instant when = Instant.now();

        Call(String method, String bucketName, String key) {
            this.method = method;
            this.bucketName = bucketName;
            this.key = key;
        }

        Call query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call body(byte[] bytes) {
            body = bytes;
            return this;
        }

        Call body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Signed by another signer (wrong secret, region...); null sends no signature at all. */
        Call signedBy(TestV4Signer other) {
            signedBy = other;
            return this;
        }

        Call at(Instant time) {
            when = time;
            return this;
        }

        /** Sets a header after the signature was computed, as a tampering proxy would. */
        Call tamper(String name, String value) {
            afterSigning.put(name, value);
            return this;
        }

        Resp send() {
            Map<String, String> all = signedBy == null ? new LinkedHashMap<>(headers)
                    : signedBy.sign(method, bucketName, key, query, headers, when);
            all.putAll(afterSigning);
            StringBuilder url = new StringBuilder(endpoint).append('/').append(bucketName).append('/');
            if (key != null) {
                url.append(TestV4Signer.uriEncode(key).replace("%2F", "/"));
            }
            String sep = "?";
            for (Map.Entry<String, String> e : query.entrySet()) {
                url.append(sep).append(TestV4Signer.uriEncode(e.getKey()));
                if (!e.getValue().isEmpty()) {
                    url.append('=').append(TestV4Signer.uriEncode(e.getValue()));
                }
                sep = "&";
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(60));
            all.forEach(b::header);
            HttpRequest.BodyPublisher publisher = body.length == 0 && !method.equals("PUT") && !method.equals("POST")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
            b.method(method, publisher);
            try {
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Resp(r.statusCode(), r.headers().map(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** A response: status, headers (names lower-case, as java.net.http gives them), body. */
    record Resp(int status, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The text of the first element of that name in the XML body, unescaped; null if none. */
        String xml(String element) {
            List<String> all = xmlAll(element);
            return all.isEmpty() ? null : all.get(0);
        }

        List<String> xmlAll(String element) {
            Matcher m = Pattern.compile("<" + element + ">(.*?)</" + element + ">", Pattern.DOTALL).matcher(text());
            List<String> out = new ArrayList<>();
            while (m.find()) {
                out.add(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                        .replace("&apos;", "'").replace("&#13;", "\r").replace("&amp;", "&"));
            }
            return out;
        }
    }
}
