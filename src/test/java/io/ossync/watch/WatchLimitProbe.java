package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child-process main for {@link WatchLimitIT}: runs a {@link FolderIntake} over the folders
 * named on the command line and prints what the sink receives as {@code PROBE ...} lines, until its
 * standard input closes.
 */
public final class WatchLimitProbe {

    private WatchLimitProbe() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<WatchRoot> roots = new ArrayList<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            roots.add(WatchRoot.of(path.getFileName().toString(), path, Duration.ofMillis(200)));
        }
        // Remembers what it was given, as the daemon's database would, so polls do not repeat files.
        RecordingSink memory = new RecordingSink();
        FileSink sink = new FileSink() {
            @Override
            public void fileReady(WatchRoot root, Path relative, FileIdentity snapshot) {
                memory.fileReady(root, relative, snapshot);
                out.println("PROBE READY " + root.id() + " " + RecordingSink.slashes(relative));
            }

            @Override
            public void pathGone(WatchRoot root, Path relative) {
                memory.pathGone(root, relative);
                out.println("PROBE GONE " + root.id() + " " + RecordingSink.slashes(relative));
            }

            @Override
            public void scanCompleted(ScanReport report) {
                out.println("PROBE SCAN " + report.root().id() + " " + report.filesSeen());
            }

            @Override
            public void rootModeChanged(WatchRoot root, RootMode mode, String reason) {
                out.println("PROBE MODE " + root.id() + " " + mode);
            }
        };
        IntakeSettings settings = new IntakeSettings(Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMillis(200));
        try (FolderIntake intake = new FolderIntake(roots, sink, memory, settings, Clock.systemUTC())) {
            intake.start();
            out.println("PROBE STARTED");
            while (System.in.read() >= 0) {
                // Runs until the test closes our standard input.
            }
        }
        out.println("PROBE CLOSED");
    }
}
