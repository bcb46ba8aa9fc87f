package io.ossync.emulator;

import java.nio.charset.StandardCharsets;

/**
 * Writes the small XML documents OSS answers with. Elements are written in the order the caller
 * gives, which is the order of the OSS API reference; text is escaped so any object key survives
 * (a carriage return is written as a character reference, or XML parsers would turn it into a
 * line feed).
 */
final class Xml {
    private final StringBuilder out = new StringBuilder(512);

    Xml() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** An element with text content; a null value writes nothing at all. */
    Xml element(String name, Object value) {
        if (value == null) {
            return this;
        }
        out.append('<').append(name).append('>');
        escape(String.valueOf(value));
        out.append("</").append(name).append('>');
        return this;
    }

    byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }
}
