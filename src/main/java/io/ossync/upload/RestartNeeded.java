package io.ossync.upload;

/** Control flow inside one upload: throw everything sent away and begin again with all parts. */
final class RestartNeeded extends Exception {

    private final RestartReason reason;

    RestartNeeded(RestartReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    RestartReason reason() {
        return reason;
    }

    String detail() {
        return getMessage();
    }
}
