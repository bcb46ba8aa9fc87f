package io.ossync.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.files.FileIdentity;
import io.ossync.testing.ManualScheduler;
import io.ossync.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file renamed from one already uploaded skips the quiet period; the lookup is asked only for
 * paths new to the gate that may have just appeared, with a file key, in a task of the gate's thread.
 */
class QuietPeriodGateRenameTest {

    private static final Duration QUIET = Duration.ofSeconds(2);

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ManualScheduler sinkThread = new ManualScheduler(clock);
    private final RecordingSink sink = new RecordingSink(clock);
    /** The versions "uploaded under another path", and every question asked. */
    private final List<FileIdentity> uploadedElsewhere = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();
    private final RenameSource renames = (watch, relative, snapshot) -> {
        asked.add(relative.toString());
        return uploadedElsewhere.contains(snapshot);
    };

    private QuietPeriodGate gate() {
        return new QuietPeriodGate(sink, sink, renames, clock, sinkThread);
    }

    private FileRef file(String name, String content) throws Exception {
        FileRef file = new FileRef(WatchRoot.of("r", root, QUIET), Path.of(name));
        Files.writeString(file.absolute(), content);
        return file;
    }

    private static FileIdentity identity(FileRef file) {
        return FileStat.regularFile(file.absolute(), false).orElseThrow();
    }

    @Test
    void aFileRenamedFromAnUploadedOneIsReleasedAtOnce() throws Exception {
        QuietPeriodGate gate = gate();
        FileRef rotated = file("app.log.1", "yesterday's lines\n");
        uploadedElsewhere.add(identity(rotated));
        FileRef fresh = file("app.log", "");

        gate.created(rotated);
        gate.created(fresh);
        assertThat(asked).as("not on the watcher's thread: on the gate's, when it runs").isEmpty();
        sinkThread.runDue();

        assertThat(sink.releases()).singleElement().satisfies(r -> {
            assertThat(r.relative()).isEqualTo("app.log.1");
            assertThat(r.at()).as("no quiet period").isEqualTo(clock.instant());
        });
        assertThat(gate.pending()).as("the new app.log waits for its quiet period").isEqualTo(1);
        assertThat(asked).as("asked once per new path").hasSize(2);
        sinkThread.advance(QUIET);
        assertThat(sink.releasedPaths("r")).containsExactly("app.log.1", "app.log");
        assertThat(sinkThread.pending()).isZero();
    }

    @Test
    void aScanFindingARenamedFileReleasesItAtOnceToo() throws Exception {
        QuietPeriodGate gate = gate();
        FileRef rotated = file("app.log.1", "renamed while the daemon was down\n");
        uploadedElsewhere.add(identity(rotated));

        gate.seen(rotated, identity(rotated));
        sinkThread.runDue();

        assertThat(sink.releasedPaths("r")).containsExactly("app.log.1");
    }

    @Test
    void aWriteToAFileIsNoRenameAndIsNotLookedUp() throws Exception {
        QuietPeriodGate gate = gate();
        FileRef log = file("app.log", "a line\n");
        uploadedElsewhere.add(identity(log));   // even a match would not count: a write, not a new path

        gate.changed(log);
        sinkThread.runDue();

        assertThat(asked).isEmpty();
        assertThat(sink.releases()).isEmpty();
        sinkThread.advance(QUIET);
        assertThat(sink.releasedPaths("r")).containsExactly("app.log");
    }

    @Test
    void eventsOfAFileAlreadyPendingAskNothingMore() throws Exception {
        QuietPeriodGate gate = gate();
        FileRef log = file("app.log", "one\n");

        gate.created(log);
        sinkThread.runDue();
        for (int i = 0; i < 5; i++) {
            Files.writeString(log.absolute(), "line " + i + "\n", StandardOpenOption.APPEND);
            gate.created(log);   // a duplicate CREATE, as cp -r gives
            gate.changed(log);
        }
        sinkThread.advance(QUIET);

        assertThat(asked).containsExactly("app.log");
        assertThat(sink.releasedPaths("r")).containsExactly("app.log");
    }

    @Test
    void aFileRenamedAndWrittenBeforeTheLookupWaitsForQuiet() throws Exception {
        QuietPeriodGate gate = gate();
        FileRef rotated = file("app.log.1", "old lines\n");
        uploadedElsewhere.add(identity(rotated));
        gate.created(rotated);
        // The writer still holds the renamed file and appends before the gate's thread looks.
        Files.writeString(rotated.absolute(), "one more\n", StandardOpenOption.APPEND);
        gate.changed(rotated);

        sinkThread.runDue();
        assertThat(sink.releases()).isEmpty();
        sinkThread.advance(QUIET);
        assertThat(sink.releases()).singleElement()
                .satisfies(r -> assertThat(r.snapshot()).isEqualTo(identity(rotated)));
    }

    @Test
    void withoutAFileKeyNothingIsAsked() throws Exception {
        QuietPeriodGate gate = gate();
        FileRef noKey = file("nfs.log", "no inode here");

        gate.seen(noKey, new FileIdentity(13, identity(noKey).mtimeNanos(), null));
        sinkThread.runDue();

        assertThat(asked).isEmpty();
        assertThat(gate.pending()).isEqualTo(1);
    }

    @Test
    void aFailingLookupOnlyCostsTheQuietPeriod() throws Exception {
        RenameSource failing = (watch, relative, snapshot) -> {
            throw new IllegalStateException("database is locked");
        };
        QuietPeriodGate gate = new QuietPeriodGate(sink, sink, failing, clock, sinkThread);
        FileRef renamed = file("app.log.1", "lookup fails");
        gate.created(renamed);

        sinkThread.runDue();
        assertThat(sink.releases()).isEmpty();
        sinkThread.advance(QUIET);
        assertThat(sink.releasedPaths("r")).containsExactly("app.log.1");
    }
}
