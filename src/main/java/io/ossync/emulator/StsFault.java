package io.ossync.emulator;

/** How an STS endpoint misbehaves when a test tells it to ({@link Sts#fail}). */
public enum StsFault {
    /** HTTP 500 with an error body, as a service that is up but broken. */
    SERVER_ERROR,
    /** HTTP 200 with a body cut in the middle of its JSON. */
    MALFORMED_JSON,
    /**
     * The connection is closed without an answer, as a service that is down. (A refused connection
     * cannot be had on a port that serves OSS: point the client at a closed port for that.)
     */
    CONNECTION_CUT
}
