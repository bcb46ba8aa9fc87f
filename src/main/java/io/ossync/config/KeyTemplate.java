package io.ossync.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Maps a file to its object key: the watch's prefix, with its placeholders expanded, followed by
 * the file's path relative to the watched folder, joined with {@code /} whatever the platform.
 *
 * <p>Placeholders: {@code {hostname}} (a value given at construction) and {@code {date:PATTERN}}
 * (the file's mtime in UTC, formatted with a {@link DateTimeFormatter} pattern). {@code {{} and
 * {@code }}} are literal braces. A template is checked when parsed, so a bad one is a
 * configuration error and never a per-file surprise. Immutable and thread-safe.
 */
public final class KeyTemplate {

    /** OSS limit on the length of an object key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1023;

    private sealed interface Part permits Literal, DatePart {
    }

    private record Literal(String text) implements Part {
    }

    private record DatePart(DateTimeFormatter format) implements Part {
    }

    private final String template;
    private final String hostname;
    private final List<Part> parts;

    private KeyTemplate(String template, String hostname, List<Part> parts) {
        this.template = template;
        this.hostname = hostname;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a prefix template.
     *
     * @param hostname the value of {@code {hostname}}
     * @throws IllegalArgumentException naming the first problem: a leading {@code /}, a {@code .} or
     *         {@code ..} segment, an unknown placeholder, an unclosed brace, an invalid date pattern
     */
    public static KeyTemplate parse(String template, String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        if (template.startsWith("/") || template.startsWith("\\")) {
            throw new IllegalArgumentException("must not start with \"" + template.charAt(0)
                    + "\" (OSS keys have no leading slash): \"" + template + "\"");
        }
        rejectDotSegments(template);
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (template.startsWith("{{", i) || template.startsWith("}}", i)) {
                literal.append(c);
                i += 2;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched \"}\" in \"" + template + "\" (write }} for a literal brace)");
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed \"{\" in \"" + template + "\" (write {{ for a literal brace)");
                }
                String placeholder = template.substring(i + 1, close);
                if (placeholder.equals("hostname")) {
                    literal.append(hostname);
                } else {
                    if (!literal.isEmpty()) {
                        parts.add(new Literal(literal.toString()));
                        literal.setLength(0);
                    }
                    parts.add(datePart(placeholder));
                }
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new KeyTemplate(template, hostname, parts);
    }

    /**
     * OSS keys are names, not paths: {@code ../x/} would be stored as a key starting with
     * {@code ../}, which no folder view or download tool can place. Only segments followed by a
     * {@code /} count: a last segment is glued to the file's path ({@code ..} gives {@code ..a.log}).
     */
    private static void rejectDotSegments(String template) {
        String[] segments = template.split("/", -1);
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].equals(".") || segments[i].equals("..")) {
                throw new IllegalArgumentException("has a \"" + segments[i] + "\" segment: \"" + template
                        + "\" (OSS keys are names, not paths: the key would keep it literally)");
            }
        }
    }

    private static DatePart datePart(String placeholder) {
        if (placeholder.equals("date")) {
            throw new IllegalArgumentException("{date} needs a pattern, e.g. {date:yyyy/MM/dd}");
        }
        if (!placeholder.startsWith("date:")) {
            throw new IllegalArgumentException("unknown placeholder {" + placeholder
                    + "} (expected {hostname} or {date:PATTERN})");
        }
        String pattern = placeholder.substring("date:".length());
        try {
            DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
            format.format(Instant.EPOCH); // some patterns parse but cannot format an instant
            return new DatePart(format);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("invalid date pattern \"" + pattern + "\": " + e.getMessage());
        }
    }

    /**
     * The key of a file.
     *
     * @param relativePath the file's path relative to the watched folder, without {@code ..}
     * @param mtime the file's last-modified time, for {@code {date:...}}
     * @throws InvalidObjectKeyException when the key is empty or too long for OSS
     */
    public String keyFor(Path relativePath, Instant mtime) throws InvalidObjectKeyException {
        if (relativePath.isAbsolute()) {
            throw new IllegalArgumentException("not a relative path: " + relativePath);
        }
        StringBuilder key = new StringBuilder(prefixFor(mtime));
        String sep = "";
        for (Path name : relativePath.normalize()) {
            String segment = name.toString();
            if (segment.equals("..")) {
                throw new IllegalArgumentException("path leaves the watched folder: " + relativePath);
            }
            if (!segment.isEmpty()) {
                key.append(sep).append(segment);
                sep = "/";
            }
        }
        String k = key.toString();
        if (k.isEmpty()) {
            throw new InvalidObjectKeyException("object key is empty");
        }
        int bytes = k.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new InvalidObjectKeyException("object key is " + bytes + " bytes long, OSS allows at most "
                    + MAX_KEY_BYTES + " (UTF-8)");
        }
        return k;
    }

    /** The prefix alone, placeholders expanded for a file of this mtime. */
    public String prefixFor(Instant mtime) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof DatePart d) {
                out.append(d.format().format(mtime));
            }
        }
        return out.toString();
    }

    /**
     * The longest leading part of the prefix that holds for every file of this watch (it stops at
     * the first date placeholder): where to look for this watch's objects and orphaned uploads.
     */
    public String fixedPrefix() {
        return !parts.isEmpty() && parts.get(0) instanceof Literal l ? l.text() : "";
    }

    /** Whether the prefix depends on the file (it has a {@code {date:...}} placeholder). */
    public boolean varies() {
        return parts.stream().anyMatch(DatePart.class::isInstance);
    }

    /** The template as written. */
    public String template() {
        return template;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyTemplate t && t.template.equals(template) && t.hostname.equals(hostname);
    }

    @Override
    public int hashCode() {
        return Objects.hash(template, hostname);
    }

    @Override
    public String toString() {
        return template;
    }
}
