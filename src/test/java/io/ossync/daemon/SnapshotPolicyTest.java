package io.ossync.daemon;

import io.ossync.config.AfterUpload;
import io.ossync.config.DeleteLimit;
import io.ossync.config.KeyTemplate;
import io.ossync.config.PathFilter;
import io.ossync.config.WatchConfig;
import io.ossync.files.FileIdentity;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.upload.SnapshotMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static WatchConfig watch(Duration maxDelay, boolean appendOnly) {
        return new WatchConfig(Path.of("/var/log/app"), KeyTemplate.parse("logs/", "h"), PathFilter.everything(),
                Duration.ofSeconds(1), AfterUpload.KEEP, false, false, StorageClass.STANDARD,
                ServerSideEncryption.NONE, DeleteLimit.parse("50%"), maxDelay, appendOnly);
    }

    private static FileIdentity modified(Duration ago) {
        Instant at = NOW.minus(ago);
        return new FileIdentity(1000, at.getEpochSecond() * 1_000_000_000L + at.getNano(), "(dev=1,ino=2)");
    }

    @Test
    void withoutMaxDelayEveryUploadKeepsTheRestartRule() {
        assertThat(SnapshotPolicy.of(watch(Duration.ZERO, false), modified(Duration.ofMillis(10)), NOW))
                .isEqualTo(SnapshotMode.OFF);
    }

    @Test
    void withMaxDelayAFileStillBeingWrittenIsASnapshotReadBack() {
        WatchConfig w = watch(Duration.ofSeconds(10), false);
        assertThat(SnapshotPolicy.of(w, modified(Duration.ofMillis(300)), NOW)).isEqualTo(SnapshotMode.READ_BACK);
        assertThat(SnapshotPolicy.of(w, modified(Duration.ofMillis(999)), NOW)).isEqualTo(SnapshotMode.READ_BACK);
    }

    @Test
    void withMaxDelayAFileQuietForItsQuietPeriodIsNoSnapshot() {
        WatchConfig w = watch(Duration.ofSeconds(10), false);
        assertThat(SnapshotPolicy.of(w, modified(Duration.ofSeconds(1)), NOW)).isEqualTo(SnapshotMode.OFF);
        assertThat(SnapshotPolicy.of(w, modified(Duration.ofHours(3)), NOW)).isEqualTo(SnapshotMode.OFF);
    }

    @Test
    void everyUploadOfAnAppendOnlyWatchIsATrustedSnapshot() {
        assertThat(SnapshotPolicy.of(watch(Duration.ZERO, true), modified(Duration.ofHours(3)), NOW))
                .isEqualTo(SnapshotMode.TRUSTED);
        assertThat(SnapshotPolicy.of(watch(Duration.ofSeconds(5), true), modified(Duration.ZERO), NOW))
                .isEqualTo(SnapshotMode.TRUSTED);
    }
}
