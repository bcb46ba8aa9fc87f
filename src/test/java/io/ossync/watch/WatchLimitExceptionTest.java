package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class WatchLimitExceptionTest {

    @Test
    void recognisesTheJdkMessageAndTheRawErrno() {
        assertThat(WatchLimitException.isWatchLimit(new IOException("User limit of inotify watches reached"))).isTrue();
        assertThat(WatchLimitException.isWatchLimit(
                new FileSystemException("/data/x", null, "No space left on device"))).isTrue();
        assertThat(WatchLimitException.isWatchLimit(new AccessDeniedException("/data/x"))).isFalse();
        assertThat(WatchLimitException.isWatchLimit(
                new IOException("User limit of inotify instances reached or too many open files"))).isFalse();
        assertThat(WatchLimitException.isWatchLimit(new IOException((String) null))).isFalse();
    }

    @Test
    void isFoundThroughTheWrappingsOfAFailedWatcherFuture() {
        WatchLimitException limit = new WatchLimitException(Path.of("/data/deep"),
                new IOException("User limit of inotify watches reached"));
        Throwable failure = new CompletionException(new UncheckedIOException(limit));

        assertThat(WatchLimitException.findIn(failure)).isSameAs(limit);
        assertThat(limit.directory()).isEqualTo(Path.of("/data/deep"));
        assertThat(WatchLimitException.findIn(new IllegalStateException("other"))).isNull();
    }
}
