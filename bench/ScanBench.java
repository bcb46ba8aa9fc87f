import io.ossync.watch.FileSink;
import io.ossync.files.FileIdentity;
import io.ossync.watch.FolderIntake;
import io.ossync.watch.IntakeSettings;
import io.ossync.watch.KnownFiles;
import io.ossync.watch.ScanReport;
import io.ossync.watch.WatchRoot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway measurement, not a test: scan time of a 100,000-file tree, event-to-release latency and
 * idle CPU of the intake. Run with bench/run.sh (needs target/classes: mvn -o compile).
 *
 * Usage: ScanBench [directory] [files]  (default: a fresh temp folder, 100000 files)
 */
public final class ScanBench {

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ossync-bench");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path tree = base.resolve("tree");
        long t0 = System.nanoTime();
        int perDir = 500;
        boolean reuse = Files.isDirectory(tree);
        for (int i = 0; i < files && !reuse; i++) {
            // 10 top folders x 20 sub-folders x 500 files
            Path dir = tree.resolve("top-" + (i / perDir) % 10).resolve("sub-" + (i / perDir));
            if (i % perDir == 0) {
                Files.createDirectories(dir);
            }
            Files.writeString(dir.resolve("file-" + i + ".dat"), "x");
        }
        System.out.printf(reuse ? "reusing the tree in %s%n" : "created files=%d dirs=%d in %d ms%n",
                reuse ? tree : files, files / perDir, ms(t0));

        Map<Path, FileIdentity> held = new ConcurrentHashMap<>();
        BlockingQueue<ScanReport> reports = new LinkedBlockingQueue<>();
        BlockingQueue<Long> releasedAt = new LinkedBlockingQueue<>();
        FileSink sink = new FileSink() {
            @Override
            public void fileReady(WatchRoot root, Path relative, FileIdentity snapshot) {
                held.put(relative, snapshot);
                releasedAt.add(System.nanoTime());
            }

            @Override
            public void pathGone(WatchRoot root, Path relative) {
                held.remove(relative);
            }

            @Override
            public void scanCompleted(ScanReport report) {
                reports.add(report);
            }
        };
        KnownFiles known = (root, relative, snapshot) -> snapshot.equals(held.get(relative));
        Duration quiet = Duration.ofSeconds(1);
        WatchRoot root = WatchRoot.of("bench", tree, quiet);
        IntakeSettings settings = new IntakeSettings(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(10));

        try (FolderIntake intake = new FolderIntake(List.of(root), sink, known, settings, Clock.systemUTC())) {
            long start = System.nanoTime();
            intake.start();
            ScanReport first = reports.take();
            System.out.printf("start: watch registered + start scan finished after %d ms%n", ms(start));
            System.out.printf("start scan (all %d files new, offered to the gate): %d ms%n",
                    first.filesOffered(), first.duration().toMillis());
            for (int i = 0; i < first.filesOffered(); i++) {
                releasedAt.take();
            }
            System.out.printf("all %d files released %d ms after start (quiet period %d ms)%n", first.filesOffered(), ms(start),
                    quiet.toMillis());

            for (int round = 1; round <= 3; round++) {
                intake.requestRescan("bench");
                ScanReport again = reports.take();
                System.out.printf("rescan %d (all %d files known, nothing offered=%d): %d ms%n", round,
                        again.filesSeen(), again.filesOffered(), again.duration().toMillis());
            }

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Path file = tree.resolve("top-0/sub-0/latency-" + i + ".dat");
                Files.writeString(file, "latency probe " + i);
                long written = System.nanoTime();
                long released = releasedAt.take();
                latencies.add(TimeUnit.NANOSECONDS.toMillis(released - written) - quiet.toMillis());
                Files.delete(file);
                Thread.sleep(100);
            }
            Collections.sort(latencies);
            System.out.printf("event-to-release latency minus quiet period over 20 files: min=%d median=%d max=%d ms%n",
                    latencies.get(0), latencies.get(10), latencies.get(19));

            System.gc();
            Thread.sleep(2000);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long idleSeconds = 20;
            long processBefore = os.getProcessCpuTime();
            long intakeBefore = intakeThreadsCpu(threads);
            Thread.sleep(idleSeconds * 1000);
            long processCpu = os.getProcessCpuTime() - processBefore;
            long intakeCpu = intakeThreadsCpu(threads) - intakeBefore;
            System.out.printf("idle %d s: intake threads cpu=%.1f ms, whole JVM cpu=%.1f ms (%.3f%% of one core)%n",
                    idleSeconds, intakeCpu / 1e6, processCpu / 1e6, processCpu / 1e7 / idleSeconds);
            System.out.printf("heap used after GC with %d files held by the bench sink: %d MB%n", held.size(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
    }

    private static long intakeThreadsCpu(ThreadMXBean threads) {
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ossync-")) {
                total += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }

    private static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
