package io.ossync.store;

import java.util.List;

/**
 * Makes a credentials library's error safe to log and show. Its messages may carry what the
 * source answered ({@code HttpRAWContent=...}, {@code ... result: {...}}), which for a malformed
 * or partial answer can hold a secret or a token: everything from such a marker on is cut, and the
 * text before the marker stays (it names the source and the HTTP status).
 */
final class CredentialsFailureText {

    private static final List<String> CONTENT_MARKERS = List.of("HttpRAWContent", "result:", "ResponseMessage=",
            "HttpContent");
    private static final int MAX_LENGTH = 300;

    private CredentialsFailureText() {
    }

    /** {@code <source>: <safe reason>}. */
    static String of(String source, Throwable t, SecretRedactor known) {
        return source + ": " + reason(t, known);
    }

    static String reason(Throwable t, SecretRedactor known) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        String text = message.replaceAll("\\s+", " ").strip();
        boolean cut = false;
        for (String marker : CONTENT_MARKERS) {
            int at = text.indexOf(marker);
            if (at >= 0) {
                text = text.substring(0, at);
                cut = true;
            }
        }
        text = text.strip();
        if (text.endsWith(":") || text.endsWith(",")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() > MAX_LENGTH) {
            text = text.substring(0, MAX_LENGTH) + "...";
        }
        if (cut) {
            text += " (the answer is not shown: it may hold secrets)";
        }
        return known.redact(text);
    }
}
