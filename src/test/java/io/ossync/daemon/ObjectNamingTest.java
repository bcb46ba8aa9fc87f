package io.ossync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.config.AfterUpload;
import io.ossync.config.DeleteLimit;
import io.ossync.config.KeyTemplate;
import io.ossync.config.PathFilter;
import io.ossync.config.WatchConfig;
import io.ossync.files.FileIdentity;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.upload.ObjectTarget;
import io.ossync.upload.TargetNaming;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Key and options of a version; the mtime metadata spelled without a Formatter; the last version remembered. */
class ObjectNamingTest {

    private static final long MAY_2026 = 1_779_000_000L;

    private final ObjectNaming naming = new ObjectNaming(new WatchConfig(Path.of("/data/in"),
            KeyTemplate.parse("in/{date:yyyy-MM}/", "web-1"), PathFilter.everything(), Duration.ofSeconds(2),
            AfterUpload.KEEP, true, false, StorageClass.STANDARD, ServerSideEncryption.NONE, DeleteLimit.parse("3")));

    @Test
    void mtimeMetadataHasNineDecimalsOnlyWhenTheTimeHasNanoseconds() {
        assertThat(ObjectNaming.mtimeSeconds(Instant.ofEpochSecond(MAY_2026))).isEqualTo("1779000000");
        assertThat(ObjectNaming.mtimeSeconds(Instant.ofEpochSecond(MAY_2026, 5))).isEqualTo("1779000000.000000005");
        assertThat(ObjectNaming.mtimeSeconds(Instant.ofEpochSecond(MAY_2026, 123_456_789)))
                .isEqualTo("1779000000.123456789");
        assertThat(ObjectNaming.mtimeSeconds(Instant.ofEpochSecond(MAY_2026, 100_000_000)))
                .isEqualTo("1779000000.100000000");
    }

    @Test
    void namesEachVersionFromItsOwnMtimeAndRemembersTheLast() throws Exception {
        TargetNaming file = naming.forFile(Path.of("logs/app.log"));
        FileIdentity may = new FileIdentity(10, MAY_2026 * 1_000_000_000L + 7, "(dev=1,ino=2)");
        FileIdentity june = new FileIdentity(10, (MAY_2026 + 40L * 86_400) * 1_000_000_000L, "(dev=1,ino=2)");

        ObjectTarget first = file.targetFor(may);
        assertThat(first.key()).isEqualTo("in/2026-05/logs/app.log");
        assertThat(first.options().userMetadata()).containsEntry("mtime", "1779000000.000000007");
        assertThat(first.options().contentType()).isEqualTo("text/plain");
        assertThat(file.targetFor(new FileIdentity(10, may.mtimeNanos(), "(dev=1,ino=2)"))).isSameAs(first);

        ObjectTarget second = file.targetFor(june);
        assertThat(second.key()).isEqualTo("in/2026-06/logs/app.log");
        assertThat(second.options().userMetadata()).containsEntry("mtime", "1782456000");
        assertThat(file.targetFor(may)).isEqualTo(first);
    }
}
