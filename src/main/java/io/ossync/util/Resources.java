package io.ossync.util;

/** Cleaning up on a path that is already failing. */
public final class Resources {

    private Resources() {
    }

    /**
     * Closes {@code resource} (if not null) because {@code failure} is on its way up; an error
     * while closing is attached to {@code failure} as suppressed, never thrown in its place.
     */
    public static void closeAfterFailure(AutoCloseable resource, Throwable failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
