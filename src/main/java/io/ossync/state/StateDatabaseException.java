package io.ossync.state;

/**
 * The state database cannot be opened, locked, read or written. The message names the file and
 * what is wrong in words a user can act on; it never carries a credential.
 */
public class StateDatabaseException extends RuntimeException {

    public StateDatabaseException(String message) {
        super(message);
    }

    public StateDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
