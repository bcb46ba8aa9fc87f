package io.ossync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The decoded parameters of a query string, in the order sent. A parameter without '=' has value "". */
record QueryParams(List<Map.Entry<String, String>> entries) {
    static final QueryParams EMPTY = new QueryParams(List.of());

    QueryParams {
        entries = List.copyOf(entries);
    }

    static QueryParams parse(String rawQuery) throws OssException {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return EMPTY;
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.add(Map.entry(UrlCodec.decode(name, true), UrlCodec.decode(value, true)));
            } catch (IllegalArgumentException e) {
                throw OssErrors.invalidArgument("The query string is not valid percent-encoded UTF-8.",
                        "query", rawQuery, "0000-00000400");
            }
        }
        return new QueryParams(out);
    }

    boolean has(String name) {
        return get(name) != null;
    }

    /** The first value of {@code name}, or null. */
    String get(String name) {
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
