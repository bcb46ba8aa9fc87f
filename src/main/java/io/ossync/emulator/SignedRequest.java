package io.ossync.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a request that its signature covers, independent of the HTTP server: method, the
 * addressed bucket and key (decoded), the decoded query parameters, and the headers under lower-case
 * names with every value as received.
 */
record SignedRequest(String method, String bucket, String key, QueryParams query,
                     Map<String, List<String>> headers) {
    SignedRequest {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                .addAll(values));
        lower.replaceAll((k, v) -> List.copyOf(v));
        headers = java.util.Collections.unmodifiableMap(lower);
    }

    /** The first value of a header (any case), or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
