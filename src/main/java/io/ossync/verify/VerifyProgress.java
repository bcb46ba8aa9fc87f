package io.ossync.verify;

/**
 * What {@link MirrorVerifier} tells about its progress, in bytes of files checked (a file counts
 * once its verdict is known; with {@code --deep} that is after its bytes were read). Called from
 * several threads.
 */
public interface VerifyProgress {

    /** Shows nothing; the verifier then skips the counting walk. */
    VerifyProgress NONE = new VerifyProgress() {
        @Override
        public void started(long files, long bytes) {
        }

        @Override
        public void checked(long bytes) {
        }
    };

    /** The totals, from a first walk that stats the files (made only when progress is shown). */
    void started(long files, long bytes);

    /** One more file judged, of {@code bytes} bytes. */
    void checked(long bytes);
}
