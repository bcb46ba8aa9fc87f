package io.ossync.store;

/** Replaces every secret or token it knows in a text by {@code ***}: for texts that left our hands. */
@FunctionalInterface
public interface SecretRedactor {
    String redact(String text);
}
