package io.ossync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Unsigned calls to the emulator's STS endpoints, answers as text and JSON. For tests only. */
final class StsTestCalls {
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;

    StsTestCalls(String endpoint) {
        this.endpoint = endpoint;
    }

    Answer get(String path, Map<String, String> headers) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(endpoint + path)).GET(), headers);
    }

    Answer put(String path, Map<String, String> headers) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(endpoint + path)).PUT(HttpRequest.BodyPublishers.noBody()),
                headers);
    }

    Answer postForm(String pathAndQuery, String form) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), Map.of());
    }

    private Answer send(HttpRequest.Builder builder, Map<String, String> headers) throws IOException {
        headers.forEach(builder::header);
        try {
            HttpResponse<String> r = http.send(builder.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
