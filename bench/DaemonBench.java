import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectMetadata;
import io.ossync.emulator.OssEmulator;
import io.ossync.emulator.OssOperation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The daemon benchmark (bench/daemon.sh): {@code ossync run} and a naive SDK poller
 * ({@code NaivePoller}), each a child JVM, against the ossync emulator in this JVM on loopback,
 * one after the other with the same quiet period. Measures, per client:
 * <ol>
 *   <li>latency from a file's last write (after close) to its object verified by HEAD (size and
 *       CRC-64 equal to the file's), over LATENCY_FILES files written GAP_MS apart; p50/p95/max;</li>
 *   <li>a burst: BURST_FILES small files in BURST_FOLDERS folders moved in at once (one rename of
 *       their parent folder); files/s from the rename until the emulator received that many PutObjects,
 *       then checked by listing; the client's CPU (utime + stime from /proc/PID/stat) over the same
 *       span, per file;</li>
 *   <li>idle CPU with all of those files watched: utime + stime from /proc/PID/stat over IDLE_SECONDS,
 *       after 5 s of settling;</li>
 *   <li>start-up scan: a fresh start on a tree of START_FILES files (1 KiB each), time from spawn
 *       to "scan completed" in its log, and the bytes it had read by then ({@code rchar}), which
 *       must stay far below the tree's size if no content is read.</li>
 * </ol>
 * The emulator shares the machine's cores with the clients (as in bench/upload.sh). Assumes Linux
 * (/proc) and that bench/daemon.sh compiled this class with the ossync jar on the class path.
 */
public final class DaemonBench {

    private static final String BUCKET = WatchClients.BUCKET;
    private static final double TICKS = 100.0; // USER_HZ

    /**
     * The poller has one upload thread by default: issue 14's "naive poller" (walk every 300 ms,
     * PutObject what is quiet, one thread). The burst is spread over BURST_FOLDERS folders. The emulator
     * takes EMULATOR_WARMUP PutObjects before the first client (see warmEmulator).
     */
    record Settings(int latencyFiles, long gapMillis, int burstFiles, int burstFolders, int warmupFiles, int idleSeconds,
                    int startFiles, long quietMillis, int pollerThreads, int emulatorWarmup) {
        static Settings fromEnvironment() {
            return new Settings(env("LATENCY_FILES", 100), env("GAP_MS", 300), env("BURST_FILES", 20_000),
                    env("BURST_FOLDERS", 200), env("WARMUP_FILES", 0), env("IDLE_SECONDS", 30), env("START_FILES", 100_000),
                    env("QUIET_MS", 1000), env("POLLER_THREADS", 1), env("EMULATOR_WARMUP", 10_000));
        }

        private static int env(String name, int fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
        }
    }

    /** What one client measured. */
    record Figures(double p50, double p95, double max, double burstPerSecond, double burstSeconds, double burstCpuMillisPerFile,
                   double burstJitMillisPerFile, double idleCpuPercent,
                   double startSeconds, long startFilesSeen, long startWalkMillis, long startReadBytes,
                   long startUploads) {
    }

    private final Settings settings;
    private final Path work;
    private final OssEmulator emulator;
    private final WatchClients clients;
    private final OSS reader;

    private DaemonBench(Settings settings, Path work, Path jar, Path classes, OssEmulator emulator) {
        this.settings = settings;
        this.work = work;
        this.emulator = emulator;
        this.clients = new WatchClients(emulator.endpoint(), jar, classes, settings.quietMillis(), settings.pollerThreads());
        this.reader = clients.reader();
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        Path classes = Path.of(args[2]);
        Path results = Path.of(args[3]);
        Settings settings = Settings.fromEnvironment();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        MachineInfo machine = MachineInfo.collect(work);
        say("machine: " + machine.oneLine());
        say("settings: " + settings);
        Path tree = work.resolve("start-tree");
        long treeBytes = writeTree(tree, settings.startFiles());
        Map<WatchClients.Client, Figures> figures = new LinkedHashMap<>();
        try (OssEmulator emulator = WatchClients.startEmulator(work.resolve("emulator-data"))) {
            say("emulator " + emulator.endpoint() + " (in this JVM)");
            DaemonBench bench = new DaemonBench(settings, work, jar, classes, emulator);
            bench.warmEmulator(settings.emulatorWarmup());
            for (WatchClients.Client c : WatchClients.Client.values()) {
                figures.put(c, bench.measure(c, tree));
            }
            bench.reader.shutdown();
        }
        say("written to " + WatchClients.writeReport(results, "daemon", markdown(settings, machine, treeBytes, figures),
                summaryRows(settings, figures)));
    }

    /**
     * PutObjects from this JVM before any client runs (EMULATOR_WARMUP): otherwise the first client
     * (ossync) meets an emulator whose request path the JIT has not compiled yet, and the second one
     * (the poller) a warm one. A real OSS endpoint is always warm.
     */
    private void warmEmulator(int puts) throws Exception {
        if (puts <= 0) {
            return;
        }
        byte[] body = new byte[1024];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < puts; i++) {
                String key = "emulator-warmup/" + i;
                sent.add(pool.submit(() -> reader.putObject(WatchClients.BUCKET, key, new ByteArrayInputStream(body))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        say("emulator warmed up with " + puts + " PutObjects of 1 KiB");
    }

    private Figures measure(WatchClients.Client client, Path tree) throws Exception {
        String name = client.name().toLowerCase(Locale.ROOT);
        Path home = Files.createDirectories(work.resolve(name));
        Path watch = Files.createDirectories(home.resolve("watch"));
        Files.createDirectories(watch.resolve("lat"));
        Path staging = home.resolve("staging");
        String prefix = name + "/";
        say(client.label + ": writing " + settings.burstFiles() + " burst files to a staging folder");
        writeFolders(Files.createDirectories(staging.resolve("burst")), settings.burstFiles(), settings.burstFolders());
        if (settings.warmupFiles() > 0) {
            writeFolders(Files.createDirectories(staging.resolve("warm")), settings.warmupFiles(), settings.burstFolders());
        }

        Process p = clients.start(client, home, watch, prefix, "run");
        WatchClients.awaitLog(home.resolve("run.log"), "scan completed", p, Duration.ofSeconds(60));
        say(client.label + ": started, pid " + p.pid());

        double[] latencies = latency(watch.resolve("lat"), prefix + "lat/");
        Arrays.sort(latencies);
        say(client.label + String.format(Locale.ROOT, ": latency p50 %.3f s, p95 %.3f s", WatchClients.percentile(latencies, 50),
                WatchClients.percentile(latencies, 95)));

        if (settings.warmupFiles() > 0) {
            // A burst not measured, so that the measured one runs on compiled code (WARMUP_FILES).
            long before = uploadsReceived();
            Files.move(staging.resolve("warm"), watch.resolve("warm"));
            awaitUploads(before + settings.warmupFiles(), p, home);
            say(client.label + ": warm-up burst of " + settings.warmupFiles() + " done");
        }
        long putsBefore = uploadsReceived();
        long burstCpu0 = WatchClients.cpuTicks(p.pid());
        Map<String, Long> threads0 = ProcessProbe.threadTicks(p.pid());
        long t0 = System.nanoTime();
        Files.move(staging.resolve("burst"), watch.resolve("burst"));
        awaitUploads(putsBefore + settings.burstFiles(), p, home);
        double burstSeconds = (System.nanoTime() - t0) / 1e9;
        double burstCpuPerFile = (WatchClients.cpuTicks(p.pid()) - burstCpu0) * 1000 / TICKS / settings.burstFiles();
        Map<String, Long> threads1 = ProcessProbe.threadTicks(p.pid());
        say(client.label + ": burst CPU by thread (ms per file): " + perThread(threads0, threads1));
        double burstJitPerFile = threads1.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(e -> e.getValue() - threads0.getOrDefault(e.getKey(), 0L)).sum() * 1000 / TICKS
                / settings.burstFiles();
        // A request is counted when it arrives: give the last answers a moment before listing.
        awaitListing(prefix + "burst/", settings.burstFiles(), 1024, Duration.ofSeconds(30));
        say(client.label + String.format(Locale.ROOT, ": burst of %d in %.2f s, client CPU %.3f ms per file",
                settings.burstFiles(), burstSeconds, burstCpuPerFile));

        Thread.sleep(5000);
        long cpu0 = WatchClients.cpuTicks(p.pid());
        long i0 = System.nanoTime();
        Thread.sleep(settings.idleSeconds() * 1000L);
        double idleSeconds = (System.nanoTime() - i0) / 1e9;
        double idleCpu = (WatchClients.cpuTicks(p.pid()) - cpu0) / TICKS / idleSeconds * 100;
        say(client.label + String.format(Locale.ROOT, ": idle CPU %.2f %% of a core", idleCpu));
        WatchClients.stop(p);

        long uploadsBefore = uploadsReceived();
        long spawned = System.nanoTime();
        Process s = clients.start(client, home, tree, "start-" + prefix, "start");
        String line = WatchClients.awaitLog(home.resolve("start.log"), "scan completed", s, Duration.ofMinutes(5));
        double startSeconds = (System.nanoTime() - spawned) / 1e9;
        long rchar = readBytes(s.pid());
        long startUploads = uploadsReceived() - uploadsBefore;
        WatchClients.stop(s);
        long seen = WatchClients.number(line, "files=");
        long walk = WatchClients.number(line, client == WatchClients.Client.OSSYNC ? "duration_ms=" : "ms=");
        say(client.label + String.format(Locale.ROOT, ": start-up scan %.2f s from spawn (walk %d ms, %d files)",
                startSeconds, walk, seen));
        return new Figures(WatchClients.percentile(latencies, 50), WatchClients.percentile(latencies, 95), latencies[latencies.length - 1],
                settings.burstFiles() / burstSeconds, burstSeconds, burstCpuPerFile, burstJitPerFile, idleCpu, startSeconds, seen, walk, rchar,
                startUploads);
    }

    private void awaitUploads(long count, Process p, Path home) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (uploadsReceived() < count) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                throw new IllegalStateException("burst not done; see " + home.resolve("run.log"));
            }
            Thread.sleep(5);
        }
    }

    /** Objects the emulator was asked to create so far (PutObject and Complete requests). */
    private long uploadsReceived() {
        return emulator.counters().requests(OssOperation.PUT_OBJECT)
                + emulator.counters().requests(OssOperation.COMPLETE_MULTIPART_UPLOAD);
    }

    /** Writes the files one at a time and returns, per file, seconds from its close to its verified object. */
    private double[] latency(Path dir, String keyPrefix) throws Exception {
        int n = settings.latencyFiles();
        long[] written = new long[n];
        long[] verified = new long[n];
        long[] crc = new long[n];
        int[] size = new int[n];
        Random rnd = new Random(11);
        Thread checker = new Thread(() -> {
            int done = 0;
            while (done < n) {
                for (int i = 0; i < n; i++) {
                    long w;
                    int sz;
                    long c;
                    synchronized (this) {
                        w = written[i];
                        sz = size[i];
                        c = crc[i];
                    }
                    if (w == 0 || verified[i] != 0) {
                        continue;
                    }
                    if (matches(keyPrefix + "f" + i + ".bin", sz, c)) {
                        verified[i] = System.nanoTime();
                        done++;
                    }
                }
                WatchClients.sleepQuietly(5);
            }
        }, "latency-checker");
        // written, size and crc are shared with the checker under this object's lock; verified is the checker's.
        checker.setDaemon(true);
        checker.start();
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[1024 + rnd.nextInt(64 * 1024)];
            rnd.nextBytes(data);
            CRC64 c = new CRC64();
            c.update(data, data.length);
            Files.write(dir.resolve("f" + i + ".bin"), data);
            long now = System.nanoTime();
            synchronized (this) {
                crc[i] = c.getValue();
                size[i] = data.length;
                written[i] = now;
            }
            Thread.sleep(settings.gapMillis());
        }
        checker.join(Duration.ofMinutes(2).toMillis());
        if (checker.isAlive() || Arrays.stream(verified).anyMatch(v -> v == 0)) {
            throw new IllegalStateException("latency: not every object arrived within 2 minutes");
        }
        double[] seconds = new double[n];
        for (int i = 0; i < n; i++) {
            seconds[i] = (verified[i] - written[i]) / 1e9;
        }
        return seconds;
    }

    private boolean matches(String key, int size, long crc) {
        try {
            ObjectMetadata m = reader.getObjectMetadata(BUCKET, key);
            return m.getContentLength() == size && m.getServerCRC() != null && m.getServerCRC() == crc;
        } catch (OSSException | com.aliyun.oss.ClientException e) {
            return false;
        }
    }

    private void awaitListing(String prefix, int count, long size, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            try {
                checkListing(prefix, count, size);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void checkListing(String prefix, int count, long size) {
        int seen = 0;
        String token = null;
        do {
            ListObjectsV2Result page = reader.listObjectsV2(new ListObjectsV2Request(BUCKET).withPrefix(prefix)
                    .withMaxKeys(1000).withContinuationToken(token));
            for (OSSObjectSummary o : page.getObjectSummaries()) {
                if (o.getSize() != size) {
                    throw new IllegalStateException("object " + o.getKey() + " has " + o.getSize() + " bytes, not " + size);
                }
                seen++;
            }
            token = page.isTruncated() ? page.getNextContinuationToken() : null;
        } while (token != null);
        if (seen != count) {
            throw new IllegalStateException(count + " objects expected under " + prefix + ", found " + seen);
        }
    }

    private String perThread(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder b = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> b.append(String.format(Locale.ROOT, "%s=%.3f ", e.getKey(),
                        e.getValue() * 1000 / TICKS / settings.burstFiles())));
        return b.toString().strip();
    }

    private static long readBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
            if (line.startsWith("rchar:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long writeTree(Path tree, int files) throws IOException {
        say("writing a start-up tree of " + files + " files of 1 KiB");
        long bytes = 0;
        for (int d = 0; d * 1000 < files; d++) {
            bytes += writeFlat(Files.createDirectories(tree.resolve("d" + d)), Math.min(1000, files - d * 1000), 1024, d);
        }
        return bytes;
    }

    /** {@code files} files of 1 KiB spread evenly over {@code folders} folders of {@code dir}. */
    private static void writeFolders(Path dir, int files, int folders) throws IOException {
        int n = Math.max(1, Math.min(folders, files));
        for (int d = 0; d < n; d++) {
            int inThis = files / n + (d < files % n ? 1 : 0);
            writeFlat(Files.createDirectories(dir.resolve("d" + d)), inThis, 1024, 7 + d);
        }
    }

    private static long writeFlat(Path dir, int files, int size, long seed) throws IOException {
        Random rnd = new Random(seed);
        byte[] data = new byte[size];
        for (int i = 0; i < files; i++) {
            rnd.nextBytes(data);
            Files.write(dir.resolve("f" + i + ".bin"), data);
        }
        return (long) files * size;
    }

    private static String markdown(Settings s, MachineInfo m, long treeBytes, Map<WatchClients.Client, Figures> f) {
        Figures o = f.get(WatchClients.Client.OSSYNC);
        Figures n = f.get(WatchClients.Client.NAIVE);
        double latencyGoal = s.quietMillis() / 1000.0 + 0.3;
        StringBuilder b = new StringBuilder();
        b.append("# Daemon benchmark, ").append(LocalDate.now()).append("\n\n");
        b.append("Machine: ").append(m.oneLine()).append("  \n");
        b.append("Disk: ").append(m.disk()).append("  \n");
        b.append(String.format(Locale.ROOT, "Quiet period %d ms for both; naive poller: scan every 300 ms, %d upload "
                + "thread(s) (ossync: its defaults, 2 workers). Emulator in the bench JVM, loopback; clients are child JVMs.%s%n%n",
                s.quietMillis(), s.pollerThreads(), s.warmupFiles() > 0 ? " Each client had a warm-up burst of "
                        + s.warmupFiles() + " files (not measured) before the measured one." : ""));
        b.append("| measure | goal (ossync) | ossync run | naive SDK poller |\n|---|---|---|---|\n");
        row(b, "latency last write → verified object, p50 (" + s.latencyFiles() + " files, " + s.gapMillis() + " ms apart)",
                "", WatchClients.sec(o.p50()), WatchClients.sec(n.p50()));
        row(b, "latency p95", WatchClients.goal("≤ " + WatchClients.sec(latencyGoal), o.p95() <= latencyGoal), WatchClients.sec(o.p95()), WatchClients.sec(n.p95()));
        row(b, "latency max", "", WatchClients.sec(o.max()), WatchClients.sec(n.max()));
        row(b, "burst of " + s.burstFiles() + " × 1 KiB files in " + s.burstFolders()
                        + " folders moved in at once: files/s until all received",
                WatchClients.goal("≥ 1,500/s", o.burstPerSecond() >= 1500), rate(o), rate(n));
        double ratio = o.burstPerSecond() / n.burstPerSecond();
        row(b, "  burst rate, ossync ÷ poller", WatchClients.goal("≥ 1.5", ratio >= 1.5),
                String.format(Locale.ROOT, "%.2f", ratio), "");
        row(b, "  client CPU per burst file (utime + stime over the burst ÷ files)",
                WatchClients.goal("≤ poller's", o.burstCpuMillisPerFile() <= n.burstCpuMillisPerFile()),
                cpuPerFile(o), cpuPerFile(n));
        row(b, "    of which the JIT compiler threads (a cold JVM: both clients start just before)", "",
                String.format(Locale.ROOT, "%.3f ms", o.burstJitMillisPerFile()),
                String.format(Locale.ROOT, "%.3f ms", n.burstJitMillisPerFile()));
        row(b, "idle CPU, " + (s.burstFiles() + s.latencyFiles() + s.warmupFiles()) + " files watched, over " + s.idleSeconds() + " s",
                WatchClients.goal("< 1 % of a core", o.idleCpuPercent() < 1), pct(o.idleCpuPercent()), pct(n.idleCpuPercent()));
        row(b, "start-up scan of " + s.startFiles() + " files: spawn → \"scan completed\"",
                WatchClients.goal("< 5 s", o.startSeconds() < 5), WatchClients.sec(o.startSeconds()), WatchClients.sec(n.startSeconds()));
        row(b, "  of which the walk itself (from its log line)", "", o.startWalkMillis() + " ms (" + o.startFilesSeen()
                + " files)", n.startWalkMillis() + " ms (" + n.startFilesSeen() + " files)");
        row(b, "  bytes read by then (rchar; the tree holds " + WatchClients.mib(treeBytes) + ")", "no contents read",
                WatchClients.mib(o.startReadBytes()), WatchClients.mib(n.startReadBytes()));
        row(b, "  uploads already received by then", "", Long.toString(o.startUploads()), Long.toString(n.startUploads()));
        b.append("\nLatency: from the close of each file to the first HEAD that shows its size and CRC-64 "
                + "(HEAD polled every ~5 ms). Burst: from the rename of the folder into the watched one until the "
                + "emulator received that many PutObject/Complete requests, then every object checked by listing. "
                + "Idle: utime + stime from /proc/PID/stat after 5 s of settling. Start-up: a fresh state database, "
                + "so the files are new to both clients; rchar counts every read of the process (its jar and classes too, "
                + "and the files of uploads already started).\n");
        return b.toString();
    }

    /** Tab-separated rows for bench/run: measure, ossync, naive poller, goal (with its mark). */
    private static String summaryRows(Settings s, Map<WatchClients.Client, Figures> f) {
        Figures o = f.get(WatchClients.Client.OSSYNC);
        Figures n = f.get(WatchClients.Client.NAIVE);
        double latencyGoal = s.quietMillis() / 1000.0 + 0.3;
        return String.join("\n",
                "watch: latency last write → verified, p50 / p95 (" + s.latencyFiles() + " files)\t"
                        + WatchClients.sec(o.p50()) + " / " + WatchClients.sec(o.p95()) + "\t" + WatchClients.sec(n.p50()) + " / " + WatchClients.sec(n.p95())
                        + "\t" + WatchClients.goal("p95 ≤ " + WatchClients.sec(latencyGoal), o.p95() <= latencyGoal),
                "watch: burst of " + s.burstFiles() + " small files\t" + rate(o) + "\t" + rate(n)
                        + "\t" + WatchClients.goal("≥ 1,500/s", o.burstPerSecond() >= 1500),
                "watch: burst, client CPU per file\t" + cpuPerFile(o) + "\t" + cpuPerFile(n)
                        + "\t" + WatchClients.goal("≤ poller's", o.burstCpuMillisPerFile() <= n.burstCpuMillisPerFile()),
                "watch: idle CPU, " + (s.burstFiles() + s.latencyFiles() + s.warmupFiles()) + " files watched\t" + pct(o.idleCpuPercent())
                        + "\t" + pct(n.idleCpuPercent()) + "\t" + WatchClients.goal("< 1 % of a core", o.idleCpuPercent() < 1),
                "watch: start-up scan of " + s.startFiles() + " files (spawn → scan completed)\t" + WatchClients.sec(o.startSeconds())
                        + "\t" + WatchClients.sec(n.startSeconds()) + "\t" + WatchClients.goal("< 5 s", o.startSeconds() < 5)) + "\n";
    }

    private static void row(StringBuilder b, String what, String goal, String ossync, String naive) {
        b.append("| ").append(what).append(" | ").append(goal).append(" | ").append(ossync).append(" | ").append(naive).append(" |\n");
    }

    private static String pct(double p) {
        return String.format(Locale.ROOT, "%.2f %%", p);
    }

    private static String cpuPerFile(Figures f) {
        return String.format(Locale.ROOT, "%.3f ms", f.burstCpuMillisPerFile());
    }

    private static String rate(Figures f) {
        return String.format(Locale.ROOT, "%,.0f/s (%.2f s)", f.burstPerSecond(), f.burstSeconds());
    }

    private static void say(String s) {
        System.out.println("[daemon-bench] " + s);
    }
}
