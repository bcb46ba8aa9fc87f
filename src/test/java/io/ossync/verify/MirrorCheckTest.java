package io.ossync.verify;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.LedgerEntry;
import io.ossync.queue.Job;
import io.ossync.queue.JobKind;
import io.ossync.queue.JobState;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.verify.Finding.Kind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of verify on values alone: one verdict per combination of file, ledger row, job and object. */
class MirrorCheckTest {

    private static final Path PATH = Path.of("/srv/in/a.bin");
    private static final FileIdentity VERSION = new FileIdentity(10, 1_000_000_123L, "(dev=1,ino=2)");
    private static final long CRC = 0xF00DL;
    private static final Instant AT = Instant.parse("2026-12-08T01:00:00Z");

    private final MirrorCheck check = new MirrorCheck("bucket");
    private final LocalFile file = new LocalFile(PATH, VERSION, "in/a.bin", null);
    private final LedgerEntry row = new LedgerEntry(PATH, "bucket", "in/a.bin", VERSION, CRC, AT);

    private static ObjectInfo object(long size, OptionalLong crc) {
        return new ObjectInfo(size, "\"E\"", crc, AT, "application/octet-stream", "Standard", Map.of());
    }

    private static Job job(JobState state, int attempts, String error) {
        return new Job(1, PATH, Path.of("/srv/in"), JobKind.UPLOAD, attempts, AT, AT, error, state);
    }

    @Test
    void aRowOfThisVersionBucketAndKeyAsksForTheObject() {
        assertThat(check.uploaded(file, Optional.of(row))).isTrue();
        assertThat(check.beforeObject(file, Optional.of(row), Optional.empty())).isEmpty();
    }

    @Test
    void noRowIsPendingAndSaysWhetherAJobWaits() {
        assertThat(check.beforeObject(file, Optional.empty(), Optional.empty())).contains(
                new Finding(Kind.PENDING, "in/a.bin", PATH, "never uploaded; not queued yet"));
        assertThat(check.beforeObject(file, Optional.empty(), Optional.of(job(JobState.PENDING, 2, "timeout"))))
                .contains(new Finding(Kind.PENDING, "in/a.bin", PATH,
                        "never uploaded; queued (2 failed attempts, last: timeout)"));
        assertThat(check.beforeObject(file, Optional.empty(), Optional.of(job(JobState.RUNNING, 0, null))))
                .contains(new Finding(Kind.PENDING, "in/a.bin", PATH, "never uploaded; uploading now"));
    }

    @Test
    void aRowOfAnotherVersionOrKeyOrBucketIsPending() {
        LocalFile changed = new LocalFile(PATH, new FileIdentity(11, VERSION.mtimeNanos(), VERSION.fileKey()),
                "in/a.bin", null);
        assertThat(check.beforeObject(changed, Optional.of(row), Optional.empty())).map(Finding::detail)
                .contains("changed since its upload; not queued yet");
        // Same size and mtime, another inode: another file.
        LocalFile replaced = new LocalFile(PATH, new FileIdentity(10, VERSION.mtimeNanos(), "(dev=1,ino=3)"),
                "in/a.bin", null);
        assertThat(check.beforeObject(replaced, Optional.of(row), Optional.empty())).map(Finding::kind)
                .contains(Kind.PENDING);
        LocalFile renamedPrefix = new LocalFile(PATH, VERSION, "new/a.bin", null);
        assertThat(check.beforeObject(renamedPrefix, Optional.of(row), Optional.empty())).map(Finding::detail)
                .contains("uploaded to bucket/in/a.bin, expected at bucket/new/a.bin; not queued yet");
        LedgerEntry otherBucket = new LedgerEntry(PATH, "old-bucket", "in/a.bin", VERSION, CRC, AT);
        assertThat(check.uploaded(file, Optional.of(otherBucket))).isFalse();
    }

    @Test
    void aSetAsideUploadIsSetAsideWithItsReasonEvenWithAnOlderRow() {
        LocalFile changed = new LocalFile(PATH, new FileIdentity(12, 5, "(dev=1,ino=2)"), "in/a.bin", null);
        assertThat(check.beforeObject(changed, Optional.of(row), Optional.of(job(JobState.SET_ASIDE, 1,
                "permission denied")))).contains(new Finding(Kind.SET_ASIDE, "in/a.bin", PATH, "permission denied"));
        LocalFile badName = new LocalFile(PATH, VERSION, null, "object key is 1300 bytes long");
        assertThat(check.beforeObject(badName, Optional.empty(), Optional.of(job(JobState.SET_ASIDE, 1, null))))
                .contains(new Finding(Kind.SET_ASIDE, null, PATH, "set aside"));
        assertThat(check.beforeObject(badName, Optional.empty(), Optional.empty())).map(Finding::detail)
                .contains("no valid key: object key is 1300 bytes long; not queued yet");
    }

    @Test
    void theObjectMustExistWithTheLedgersSizeAndCrc() {
        assertThat(check.withObject(file, row, Optional.empty(), OptionalLong.empty())).map(Finding::kind)
                .contains(Kind.MISSING);
        assertThat(check.withObject(file, row, Optional.of(object(12, OptionalLong.of(CRC))), OptionalLong.empty()))
                .contains(new Finding(Kind.DIFFER, "in/a.bin", PATH, "size 10 in the ledger, 12 in the bucket"));
        assertThat(check.withObject(file, row, Optional.of(object(10, OptionalLong.of(-1L))), OptionalLong.empty()))
                .contains(new Finding(Kind.DIFFER, "in/a.bin", PATH,
                        "crc64 61453 in the ledger, 18446744073709551615 in the bucket"));
        assertThat(check.withObject(file, row, Optional.of(object(10, OptionalLong.empty())), OptionalLong.empty()))
                .map(Finding::kind).contains(Kind.DIFFER);
        assertThat(check.withObject(file, row, Optional.of(object(10, OptionalLong.of(CRC))), OptionalLong.empty()))
                .isEmpty();
    }

    @Test
    void deepComparesTheBytesReadWithTheLedger() {
        Optional<ObjectInfo> same = Optional.of(object(10, OptionalLong.of(CRC)));
        assertThat(check.withObject(file, row, same, OptionalLong.of(CRC))).isEmpty();
        assertThat(check.withObject(file, row, same, OptionalLong.of(7))).map(Finding::kind).contains(Kind.CHANGED);
        // A missing object is the finding, whatever the bytes say.
        assertThat(check.withObject(file, row, Optional.empty(), OptionalLong.of(7))).map(Finding::kind)
                .contains(Kind.MISSING);
    }

    @Test
    void theReportCountsEveryKindAndSortsFindingsByPath() {
        VerifyReport report = new VerifyReport(5, 2, List.of(
                new Finding(Kind.PENDING, "in/z", Path.of("/srv/in/z"), "never uploaded; not queued yet"),
                new Finding(Kind.MISSING, "in/b", Path.of("/srv/in/b"), "gone"),
                new Finding(Kind.DIFFER, "in/c", Path.of("/srv/in/c"), "size 1 in the ledger, 2 in the bucket")));
        assertThat(report.mirrorComplete()).isFalse();
        assertThat(report.summaryLine()).isEqualTo(
                "verify: files=5 complete=2 missing=1 differ=1 pending=1 set_aside=0 changed=0 unreadable=0");
        assertThat(new VerifyFormatter().text(report)).isEqualTo("""
                missing in/b /srv/in/b (gone)
                differ in/c /srv/in/c (size 1 in the ledger, 2 in the bucket)
                pending in/z /srv/in/z (never uploaded; not queued yet)
                verify: files=5 complete=2 missing=1 differ=1 pending=1 set_aside=0 changed=0 unreadable=0
                """);
        String json = new VerifyFormatter().json(report).replaceAll("\\s+", "");
        assertThat(json).startsWith("{\"schema_version\":1,\"complete\":false,\"summary\":{\"files\":5,\"complete\":2,"
                + "\"missing\":1,\"differ\":1,\"pending\":1,\"set_aside\":0,\"changed\":0,\"unreadable\":0},"
                + "\"findings\":[{\"kind\":\"missing\",\"key\":\"in/b\",\"path\":\"/srv/in/b\",\"detail\":\"gone\"}");
        assertThat(new VerifyReport(3, 3, List.of()).mirrorComplete()).isTrue();
    }
}
