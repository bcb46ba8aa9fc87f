import io.ossync.emulator.Counters;
import io.ossync.emulator.OssEmulator;
import io.ossync.emulator.OssOperation;
import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.state.StateDatabase;
import io.ossync.upload.Crc64;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scale benchmark (bench/scale.sh, issue 14; ScaleReport writes its report, ProcessProbe reads the JVMs):
 * {@code ossync run} on generated trees of SIZES tiny files (16–100 bytes, FILES_PER_DIR to a folder, two levels of folders), each build (this one and, with BASE_JAR, a
 * previous one) on the same tree against a fresh emulator in this JVM, with the JVM options the build ships
 * (its conf/jvm.options, or its systemd unit before the launcher: {@link JvmOptions}). Per size and build:
 * <ol>
 *   <li>an empty watched folder: live heap after a full GC (the base subtracted from the per-file figure);</li>
 *   <li>first upload: spawn → the emulator has received N object writes (PutObject/Complete), files/s; the
 *       daemon's {@code ossync_files_uploaded_total}; peak RSS (VmHWM) over the upload; then SIGTERM;</li>
 *   <li>restart on the same state database: spawn → "scan completed" and {@code ossync_queue_depth} 0 (idle);
 *       object writes and request-body bytes the emulator received from spawn to the end (goal: 0);</li>
 *   <li>idle: utime + stime over IDLE_SECONDS after 5 s of settling; RSS (VmRSS) and VmHWM of that run;</li>
 *   <li>live heap: {@code jcmd PID GC.class_histogram} (a full GC, then the live objects' total) and the
 *       heap's committed size ({@code GC.heap_info}); per file = (live heap at N − live heap empty) / N.</li>
 * </ol>
 * Goals (issue 14): live heap per watched, uploaded file ≤ 100 bytes; with the shipped JVM settings RSS ≤ 256 MiB
 * at 1M files; restart to idle ≤ 30 s at 1M files; idle CPU < 1 % of a core; nothing re-sent on restart.
 * Assumes Linux (/proc) and a JDK (jcmd beside java).
 */
public final class ScaleBench {

    private static final String BUCKET = WatchClients.BUCKET;
    private static final long MIB = 1024 * 1024;
    private static final Pattern METRICS_PORT = Pattern.compile("metrics listening on http://[^ ]+:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Settings(List<Integer> sizes, int filesPerDir, int idleSeconds, int threads, Duration uploadTimeout,
                    Duration restartTimeout, boolean seed) {
        static Settings fromEnvironment() {
            List<Integer> sizes = Arrays.stream(env("SIZES", "100000 1000000").trim().split("[\\s,]+"))
                    .map(Integer::parseInt).toList();
            return new Settings(sizes, Integer.parseInt(env("FILES_PER_DIR", "1000")),
                    Integer.parseInt(env("IDLE_SECONDS", "30")), Integer.parseInt(env("GEN_THREADS", "4")),
                    Duration.ofMinutes(Long.parseLong(env("UPLOAD_TIMEOUT_MIN", "90"))),
                    Duration.ofMinutes(Long.parseLong(env("RESTART_TIMEOUT_MIN", "10"))), env("FIRST", "upload").equals("seed"));
        }
    }

    /** A jar to bench and the JVM options its checkout ships (where they were read, for the report). */
    record Build(String label, Path jar, List<String> javaOptions, String optionsSource) {
    }

    /** What one build measured on one tree. */
    record Figures(Build build, int files, double uploadSeconds, long objectsWritten, long uploadedMetric,
                   long uploadHwm, double restartSeconds, long scanMillis, long restartWrites, long restartBytes,
                   double idleCpuPercent, long idleRss, long restartHwm, long liveHeap, long committedHeap,
                   long emptyLiveHeap, String idleThreads, String heapTop) {
        double perSecond() {
            return files / uploadSeconds;
        }

        double heapPerFile() {
            return (double) (liveHeap - emptyLiveHeap) / files;
        }
    }

    /** A running {@code ossync run}: the child, its log (read as it grows) and its metrics port. */
    private static final class Daemon {
        final Process process;
        final Path log;
        private long logPosition;
        private int port = -1;

        Daemon(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** Waits for a log line containing {@code text}, reading only what was added since the last call. */
        String awaitLine(String text, Duration atMost) throws Exception {
            long deadline = System.nanoTime() + atMost.toNanos();
            StringBuilder pending = new StringBuilder();
            while (System.nanoTime() < deadline) {
                if (Files.exists(log)) {
                    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                        if (f.length() > logPosition) {
                            byte[] added = new byte[(int) Math.min(f.length() - logPosition, 16 * MIB)];
                            f.seek(logPosition);
                            f.readFully(added);
                            pending.append(new String(added, StandardCharsets.UTF_8));
                            logPosition += added.length;
                        }
                    }
                    int end;
                    while ((end = pending.indexOf("\n")) >= 0) {
                        String line = pending.substring(0, end);
                        pending.delete(0, end + 1);
                        if (line.contains(text)) {
                            logPosition -= pending.toString().getBytes(StandardCharsets.UTF_8).length;
                            return line;
                        }
                    }
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("ossync exited (" + process.exitValue() + ") before \"" + text
                            + "\"; see " + log);
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("no \"" + text + "\" in " + log + " after " + atMost);
        }

        /** A sample of /metrics ({@code ossync_queue_depth}...), NaN when absent. */
        double metric(String name) throws Exception {
            if (port < 0) {
                Matcher m = METRICS_PORT.matcher(Files.readString(log));
                if (!m.find()) {
                    throw new IllegalStateException("no metrics line in " + log);
                }
                port = Integer.parseInt(m.group(1));
            }
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(Double.NaN);
        }

        long pid() {
            return process.pid();
        }
    }

    private final Settings settings;
    private final Path work;

    private ScaleBench(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path results = Path.of(args[3]);
        Settings settings = Settings.fromEnvironment();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        List<Build> builds = new ArrayList<>();
        builds.add(new Build(env("BENCH_BUILD", args[1]), Path.of(args[1]),
                JvmOptions.of(System.getenv("OSSYNC_JAVA_OPTS"), Path.of(env("CHECKOUT", "."))),
                JvmOptions.source(System.getenv("OSSYNC_JAVA_OPTS"), Path.of(env("CHECKOUT", ".")))));
        String baseJar = env("BASE_JAR", "");
        if (!baseJar.isBlank()) {
            Path checkout = Path.of(env("BASE_CHECKOUT", "."));
            builds.add(new Build(env("BASE_LABEL", baseJar), Path.of(baseJar),
                    JvmOptions.of(System.getenv("BASE_JAVA_OPTS"), checkout),
                    JvmOptions.source(System.getenv("BASE_JAVA_OPTS"), checkout)));
        }
        MachineInfo machine = MachineInfo.collect(work);
        String loadAtStart = MachineInfo.loadAverage();
        say("machine: " + machine.oneLine());
        say("settings: " + settings);
        for (Build b : builds) {
            say("build " + b.label() + ": JVM options " + b.javaOptions() + " (" + b.optionsSource() + ")");
        }
        ScaleBench bench = new ScaleBench(settings, work);
        List<Figures> all = new ArrayList<>();
        for (int size : settings.sizes()) {
            Path tree = work.resolve("tree-" + size);
            double generated = bench.generate(tree, size);
            say(String.format(Locale.ROOT, "tree of %,d files generated in %.1f s", size, generated));
            for (Build b : builds) {
                all.add(bench.measure(b, tree, size));
            }
            say("removing the tree");
            deleteTree(tree);
        }
        String report = ScaleReport.markdown(settings, machine, loadAtStart, builds, all);
        say("written to " + WatchClients.writeReport(results, "scale", report, ScaleReport.summaryRows(builds, all)));
    }

    private Figures measure(Build build, Path tree, int files) throws Exception {
        Path home = Files.createTempDirectory(work, "run-" + files + "-");
        say(build.label() + ": " + String.format(Locale.ROOT, "%,d files", files));
        try (OssEmulator emulator = WatchClients.startEmulator(home.resolve("emulator-data"))) {
            Path empty = Files.createDirectories(home.resolve("empty"));
            Daemon idle = start(build, emulator, home, empty, "empty");
            awaitIdle(idle, settings.restartTimeout());
            long emptyHeap = ProcessProbe.liveHeap(idle.pid(), ProcessProbe.jcmd(idle.pid(), "GC.class_histogram"))[0];
            WatchClients.stop(idle.process);
            say(build.label() + ": live heap on an empty folder " + WatchClients.mib(emptyHeap));

            FirstUpload up = settings.seed() ? seed(build, tree, home) : firstUpload(build, emulator, home, tree, files);
            long writesBefore = objectsWritten(emulator.counters());
            long bytesBefore = emulator.counters().bodyBytesReceived();
            long r0 = System.nanoTime();
            Daemon again = start(build, emulator, home, tree, "restart");
            String scan = awaitIdle(again, settings.restartTimeout());
            double restartSeconds = (System.nanoTime() - r0) / 1e9;
            say(String.format(Locale.ROOT, "%s: restart to idle %.1f s", build.label(), restartSeconds));
            Thread.sleep(5000);
            Map<String, Long> threads0 = ProcessProbe.threadTicks(again.pid());
            long cpu0 = WatchClients.cpuTicks(again.pid());
            long i0 = System.nanoTime();
            Thread.sleep(settings.idleSeconds() * 1000L);
            double idleCpu = (WatchClients.cpuTicks(again.pid()) - cpu0) / 100.0 / ((System.nanoTime() - i0) / 1e9) * 100;
            String idleThreads = ProcessProbe.busiest(threads0, ProcessProbe.threadTicks(again.pid()));
            long idleRss = ProcessProbe.procStatus(again.pid(), "VmRSS");
            long restartHwm = ProcessProbe.procStatus(again.pid(), "VmHWM");
            String histogram = ProcessProbe.jcmd(again.pid(), "GC.class_histogram");
            long[] heap = ProcessProbe.liveHeap(again.pid(), histogram);
            long restartWrites = objectsWritten(emulator.counters()) - writesBefore;
            long restartBytes = emulator.counters().bodyBytesReceived() - bytesBefore;
            WatchClients.stop(again.process);
            Figures f = new Figures(build, files, up.seconds(), objectsWritten(emulator.counters()) - restartWrites,
                    up.uploaded(), up.peakRss(), restartSeconds, WatchClients.number(scan, "duration_ms="), restartWrites, restartBytes, idleCpu,
                    idleRss, restartHwm, heap[0], heap[1], emptyHeap, idleThreads, ProcessProbe.largest(histogram));
            say(String.format(Locale.ROOT, "%s: idle CPU %.2f %%, RSS %s, live heap %s (%.1f bytes/file), re-sent %d writes, %d bytes",
                    build.label(), idleCpu, WatchClients.mib(idleRss), WatchClients.mib(heap[0]), f.heapPerFile(), restartWrites,
                    restartBytes));
            return f;
        } finally {
            deleteTree(home);
        }
    }

    /** The first upload's figures: seconds from spawn to the last object, the daemon's count, peak RSS (NaN/-1: seeded). */
    record FirstUpload(double seconds, long uploaded, long peakRss) {
    }

    private FirstUpload firstUpload(Build build, OssEmulator emulator, Path home, Path tree, int files) throws Exception {
        long t0 = System.nanoTime();
        Daemon first = start(build, emulator, home, tree, "first");
        long deadline = t0 + settings.uploadTimeout().toNanos();
        long lastSay = t0;
        while (objectsWritten(emulator.counters()) < files) {
            if (System.nanoTime() > deadline || !first.process.isAlive()) {
                throw new IllegalStateException(build.label() + ": first upload not done (" + objectsWritten(emulator.counters())
                        + " of " + files + "); see " + first.log);
            }
            if (System.nanoTime() - lastSay > 30e9) {
                lastSay = System.nanoTime();
                say(String.format(Locale.ROOT, "  %,d of %,d objects after %.0f s, RSS %s", objectsWritten(emulator.counters()),
                        files, (lastSay - t0) / 1e9, WatchClients.mib(ProcessProbe.procStatus(first.pid(), "VmRSS"))));
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        awaitIdle(first, settings.restartTimeout());
        FirstUpload up = new FirstUpload(seconds, (long) first.metric("ossync_files_uploaded_total"),
                ProcessProbe.procStatus(first.pid(), "VmHWM"));
        say(String.format(Locale.ROOT, "%s: first upload %.1f s (%,.0f files/s), peak RSS %s", build.label(), seconds,
                files / seconds, WatchClients.mib(up.peakRss())));
        WatchClients.stop(first.process);
        return up;
    }

    private static FirstUpload seed(Build build, Path tree, Path home) throws Exception {
        long s0 = System.nanoTime();
        seedLedger(tree, home.resolve("state-first").resolve("state.db"));
        say(String.format(Locale.ROOT, "%s: first upload skipped, ledger seeded in %.1f s", build.label(),
                (System.nanoTime() - s0) / 1e9));
        return new FirstUpload(Double.NaN, -1, -1);
    }

    /**
     * FIRST=seed: instead of the first upload, the ledger rows it would commit, written with this build's classes
     * (so a base build must share its schema): the restart figures at a million files without hours of uploads.
     * The emulator then holds no objects, which the restart must not notice.
     */
    private static void seedLedger(Path tree, Path stateDb) throws Exception {
        Files.createDirectories(stateDb.getParent());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tree)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        try (StateDatabase db = StateDatabase.open(stateDb)) {
            Ledger ledger = new Ledger(db, Clock.systemUTC());
            for (int from = 0; from < files.size(); from += 10_000) {
                List<Path> batch = files.subList(from, Math.min(files.size(), from + 10_000));
                db.runInTransaction(c -> {
                    for (Path f : batch) {
                        try {
                            String key = "tree/" + tree.relativize(f).toString();
                            ledger.record(c, f, BUCKET, key, FileIdentity.read(f), Crc64.of(Files.readAllBytes(f)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
            }
        }
    }

    /** Waits for "scan completed" (one root) and then for an empty queue; returns the scan line. */
    private static String awaitIdle(Daemon d, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        String scan = d.awaitLine("scan completed", atMost);
        while (d.metric("ossync_queue_depth") != 0) {
            if (System.nanoTime() > deadline || !d.process.isAlive()) {
                throw new IllegalStateException("queue not empty after " + atMost + "; see " + d.log);
            }
            Thread.sleep(50);
        }
        return scan;
    }

    private Daemon start(Build build, OssEmulator emulator, Path home, Path watch, String phase) throws Exception {
        Path config = home.resolve("ossync-" + phase + ".yaml");
        // The shipped defaults except the metrics listener (how the queue depth is read); empty and first
        // runs each get their own state database, restart reuses first's.
        String state = home.resolve("state-" + (phase.equals("restart") ? "first" : phase)).resolve("state.db").toString();
        Files.writeString(config, """
                target: { endpoint: %s, region: %s, bucket: %s }
                state: %s
                metrics: { listen: 127.0.0.1:0 }
                watches:
                  - path: %s
                    prefix: "%s/"
                """.formatted(emulator.endpoint(), WatchClients.REGION, BUCKET, state, watch, phase.equals("empty") ? "empty" : "tree"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(build.javaOptions());
        command.addAll(List.of("-jar", build.jar().toString(), "run", "--config", config.toString()));
        Path log = home.resolve(phase + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OSS_ACCESS_KEY_ID", WatchClients.KEY_ID);
        pb.environment().put("OSS_ACCESS_KEY_SECRET", WatchClients.KEY_SECRET);
        pb.environment().put("OSSYNC_LOG_LEVEL", "INFO");
        Daemon d = new Daemon(pb.start(), log);
        d.awaitLine("metrics listening on", Duration.ofSeconds(60));
        return d;
    }

    /** Objects the emulator was asked to write: PutObject, Complete, CopyObject. */
    private static long objectsWritten(Counters c) {
        return c.requests(OssOperation.PUT_OBJECT) + c.requests(OssOperation.COMPLETE_MULTIPART_UPLOAD)
                + c.requests(OssOperation.COPY_OBJECT);
    }

    /**
     * Writes {@code files} files of 16–100 bytes, FILES_PER_DIR to a folder {@code gNNN/dNNNNN}, on GEN_THREADS
     * threads; returns the seconds it took.
     */
    private double generate(Path tree, int files) throws Exception {
        long t0 = System.nanoTime();
        int dirs = (files + settings.filesPerDir() - 1) / settings.filesPerDir();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                int dir = d;
                done.add(pool.submit(() -> {
                    Path folder = Files.createDirectories(tree.resolve(String.format("g%03d/d%05d", dir / 100, dir)));
                    int first = dir * settings.filesPerDir();
                    int n = Math.min(settings.filesPerDir(), files - first);
                    byte[] data = new byte[100];
                    for (int i = 0; i < n; i++) {
                        int id = first + i;
                        int size = 16 + Math.floorMod(id * 31, 85);
                        byte[] text = String.format("%08d", id).getBytes(StandardCharsets.US_ASCII);
                        for (int b = 0; b < size; b++) {
                            data[b] = text[b % text.length];
                        }
                        Files.write(folder.resolve("f" + id + ".txt"), Arrays.copyOf(data, size));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        // rm -rf: much faster than a Java walk on a million files.
        try {
            if (new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor() == 0) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    static void say(String s) {
        System.out.println("[scale-bench] " + s);
    }
}
