package io.ossync.config;

/**
 * A file's object key breaks an OSS rule (empty, or longer than 1023 UTF-8 bytes). The caller sets
 * that one file aside with this reason; other files go on.
 */
public final class InvalidObjectKeyException extends Exception {
    public InvalidObjectKeyException(String message) {
        super(message);
    }
}
