import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectMetadata;
import io.ossync.emulator.Counters;
import io.ossync.emulator.OssEmulator;
import io.ossync.emulator.OssOperation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The logs benchmark (bench/logs.sh, issue 12): logs that grow and rotate, {@code ossync run} beside the
 * naive SDK poller (NaivePoller.java), each a child JVM with the same quiet period, each scenario against a
 * fresh emulator in this JVM (so its counters are read directly). Scenarios:
 * <ol>
 *   <li><b>append</b>: a LOG_MIB log, mirrored first (its object verified, then the counters read), appended
 *       APPENDS times with APPEND_KIB, APPEND_PAUSE_MS apart (longer than the quiet period, so every append
 *       can be uploaded);</li>
 *   <li><b>rotate</b>: ROTATIONS logrotate rotations of a ROTATE_MIB log (mirrored first): drop app.log.KEEP,
 *       rename app.log.N-1 → app.log.N highest first, app.log → app.log.1 (atomic renames), create a new app.log
 *       at once and write ROTATE_MIB into it in APPEND_KIB appends ROTATE_PAUSE_MS apart;</li>
 *   <li><b>busy</b>: a log appended with BUSY_LINE_KIB every BUSY_EVERY_MS for BUSY_SECONDS, never quiet; ossync
 *       with {@code max-delay: MAX_DELAY} when this build accepts the key (asked of {@code ossync check-config}).
 *       Lag of each write: from the write to the first HEAD (polled every ~100 ms) showing an object at least as
 *       long as the file was right after it.</li>
 * </ol>
 * Per scenario and client: request-body bytes the emulator received from the counters' reset on (the figure the
 * feature should bring down to the new bytes), bytes copied on the server when the emulator counts them
 * ({@code Counters.bytesCopied()}, looked up by reflection), the requests that write, the time to settle after
 * the last write (every object's size and CRC-64 equal to its file's), and at the end whether every object equals
 * its file by SHA-256 of the whole GET. Assumes Linux and that bench/logs.sh compiled it against the ossync jar.
 */
public final class LogsBench {

    private static final long MIB = 1024 * 1024;
    private static final String LOG = "app.log";

    record Settings(int logMib, int appends, int appendKib, long appendPauseMs, int rotations, int rotateMib, int keep,
                    long rotatePauseMs, int busySeconds, int busyLineKib, long busyEveryMs, Duration maxDelay,
                    long quietMillis, int pollerThreads, int settleSeconds, List<Scenario> scenarios) {
        static Settings fromEnvironment() {
            List<Scenario> scenarios = Arrays.stream(env("SCENARIOS", "append,rotate,busy").split(","))
                    .map(s -> Scenario.valueOf(s.strip().toUpperCase(Locale.ROOT))).toList();
            return new Settings(env("LOG_MIB", 64), env("APPENDS", 30), env("APPEND_KIB", 256), env("APPEND_PAUSE_MS", 1700),
                    env("ROTATIONS", 10), env("ROTATE_MIB", 16), env("KEEP", 5), env("ROTATE_PAUSE_MS", 100),
                    env("BUSY_SECONDS", 60), env("BUSY_LINE_KIB", 4), env("BUSY_EVERY_MS", 100),
                    Duration.ofMillis(millis(env("MAX_DELAY", "5s"))), env("QUIET_MS", 1000), env("POLLER_THREADS", 2),
                    env("SETTLE_SECONDS", 300), scenarios);
        }

        private static int env(String name, int fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v.strip();
        }

        private static long millis(String d) {
            return d.endsWith("ms") ? Long.parseLong(d.substring(0, d.length() - 2))
                    : d.endsWith("s") ? Long.parseLong(d.substring(0, d.length() - 1)) * 1000
                    : d.endsWith("m") ? Long.parseLong(d.substring(0, d.length() - 1)) * 60_000 : Long.parseLong(d);
        }

        String maxDelayText() {
            return maxDelay.toMillis() % 1000 == 0 ? maxDelay.toSeconds() + "s" : maxDelay.toMillis() + "ms";
        }
    }

    enum Scenario { APPEND, ROTATE, BUSY }

    /** The emulator's counters at one moment. */
    record Snapshot(long bodyBytes, Long copiedBytes, Map<OssOperation, Long> requests) {
        static Snapshot of(Counters c) {
            Map<OssOperation, Long> r = new EnumMap<>(OssOperation.class);
            for (OssOperation op : OssOperation.values()) {
                r.put(op, c.requests(op));
            }
            return new Snapshot(c.bodyBytesReceived(), copied(c), r);
        }

        /** {@code Counters.bytesCopied()} when this build has it (another change adds it), else null. */
        private static Long copied(Counters c) {
            try {
                return ((Number) Counters.class.getMethod("bytesCopied").invoke(c)).longValue();
            } catch (NoSuchMethodException e) {
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What one client did in one scenario. lags: seconds per write, sorted (busy only, else null). */
    record Result(Scenario scenario, WatchClients.Client client, long newBytes, long sentBytes, Long copiedBytes,
                  String writes, boolean settled, double settleSeconds, int files, List<String> unequal,
                  int extraObjects, double[] lags, int neverHeldBeforeEnd, String note) {
        double ratio() {
            return sentBytes / (double) newBytes;
        }
    }

    private final Settings settings;
    private final Path work;
    private final Path jar;
    private final Path classes;
    private final boolean maxDelaySupported;

    private LogsBench(Settings settings, Path work, Path jar, Path classes, boolean maxDelaySupported) {
        this.settings = settings;
        this.work = work;
        this.jar = jar;
        this.classes = classes;
        this.maxDelaySupported = maxDelaySupported;
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
        String loadAtStart = MachineInfo.loadAverage();
        say("machine: " + machine.oneLine());
        say("settings: " + settings);
        boolean maxDelay = new WatchClients("http://127.0.0.1:9", jar, classes, settings.quietMillis(), 1)
                .configAccepts(Files.createDirectories(work.resolve("check")), List.of("max-delay: " + settings.maxDelayText()));
        say("max-delay in this build: " + (maxDelay ? "yes" : "no (ossync runs the busy log without it)"));
        LogsBench bench = new LogsBench(settings, work, jar, classes, maxDelay);
        List<Result> results1 = new ArrayList<>();
        for (Scenario s : settings.scenarios()) {
            for (WatchClients.Client c : WatchClients.Client.values()) {
                results1.add(bench.run(s, c));
            }
        }
        say("written to " + WatchClients.writeReport(results, "logs", bench.markdown(machine, loadAtStart, results1), bench.summaryRows(results1)));
    }

    private Result run(Scenario scenario, WatchClients.Client client) throws Exception {
        String name = scenario.name().toLowerCase(Locale.ROOT) + "-" + client.name().toLowerCase(Locale.ROOT);
        Path home = Files.createDirectories(work.resolve(name));
        Path watch = Files.createDirectories(home.resolve("watch"));
        Path data = home.resolve("emulator-data");
        String prefix = "logs/";
        String label = client.label + ", " + scenario.name().toLowerCase(Locale.ROOT);
        try (OssEmulator emulator = WatchClients.startEmulator(data)) {
            WatchClients clients = new WatchClients(emulator.endpoint(), jar, classes, settings.quietMillis(),
                    settings.pollerThreads());
            OSS reader = clients.reader();
            Path log = watch.resolve(LOG);
            Random rnd = new Random(42);
            if (scenario != Scenario.BUSY) {
                long size = (scenario == Scenario.APPEND ? settings.logMib() : settings.rotateMib()) * MIB;
                append(log, size, rnd);
            }
            String note = "";
            List<String> extra = List.of();
            if (scenario == Scenario.BUSY && client == WatchClients.Client.OSSYNC) {
                if (maxDelaySupported) {
                    extra = List.of("max-delay: " + settings.maxDelayText());
                    note = "max-delay " + settings.maxDelayText();
                } else {
                    note = "no max-delay in this build";
                }
            } else if (scenario == Scenario.BUSY) {
                note = "uploads only quiet files";
            }
            Process p = clients.start(client, home, watch, prefix, "run", extra);
            WatchClients.awaitLog(home.resolve("run.log"), "scan completed", p, Duration.ofSeconds(60));
            if (scenario != Scenario.BUSY) {
                long t = System.nanoTime();
                if (!awaitEqual(reader, watch, prefix, Duration.ofSeconds(settings.settleSeconds()))) {
                    throw new IllegalStateException(label + ": the first log was not mirrored in "
                            + settings.settleSeconds() + " s; see " + home.resolve("run.log"));
                }
                say(label + String.format(Locale.ROOT, ": first %s mirrored in %.1f s", WatchClients.mib(Files.size(log)),
                        (System.nanoTime() - t) / 1e9));
            }
            Thread.sleep(500); // a request is counted when it arrives: let the last answers go out first
            Snapshot before = Snapshot.of(emulator.counters());
            long newBytes;
            double[] lags = null;
            int never = 0;
            long lastBusyWrite = 0;
            switch (scenario) {
                case APPEND -> newBytes = appends(log, rnd);
                case ROTATE -> newBytes = rotations(watch, rnd);
                default -> {
                    BusyLog busy = new BusyLog(reader, prefix + LOG, log);
                    newBytes = busy.run();
                    lags = busy.lags();
                    never = busy.neverHeldBeforeEnd;
                    lastBusyWrite = busy.writes.get(busy.writes.size() - 1)[0];
                }
            }
            long lastWrite = scenario == Scenario.BUSY ? lastBusyWrite : System.nanoTime();
            say(label + ": " + WatchClients.mib(newBytes) + " written; waiting for every object to equal its file");
            boolean settled = awaitEqual(reader, watch, prefix, Duration.ofSeconds(settings.settleSeconds()));
            double settle = (System.nanoTime() - lastWrite) / 1e9;
            Thread.sleep(500);
            Snapshot after = Snapshot.of(emulator.counters());
            WatchClients.stop(p);
            List<String> unequal = new ArrayList<>();
            int files = 0;
            for (Path f : files(watch)) {
                files++;
                String key = prefix + watch.relativize(f);
                if (!sha256(f).equals(objectSha256(reader, key))) {
                    unequal.add(key);
                }
            }
            int extraObjects = listKeys(reader, prefix).size() - files;
            reader.shutdown();
            Long copied = after.copiedBytes() == null ? null : after.copiedBytes() - before.copiedBytes();
            Result r = new Result(scenario, client, newBytes, after.bodyBytes() - before.bodyBytes(), copied,
                    writes(before, after), settled, settle, files, unequal, extraObjects, lags, never, note);
            say(label + String.format(Locale.ROOT, ": sent %s for %s new (%.2f ×), %s; settled %s after %.1f s; %d/%d objects equal",
                    WatchClients.mib(r.sentBytes()), WatchClients.mib(newBytes), r.ratio(), r.writes(), settled, settle,
                    files - unequal.size(), files));
            return r;
        } finally {
            deleteTree(data);
            deleteTree(watch);
        }
    }

    /** Scenario a: APPENDS appends of APPEND_KIB, APPEND_PAUSE_MS apart. Returns the bytes written. */
    private long appends(Path log, Random rnd) throws IOException, InterruptedException {
        long written = 0;
        for (int i = 0; i < settings.appends(); i++) {
            Thread.sleep(settings.appendPauseMs()); // the first pause follows the mirroring: the last write ends it
            written += append(log, settings.appendKib() * 1024L, rnd);
        }
        return written;
    }

    /** Scenario b: ROTATIONS logrotate rotations, each followed by ROTATE_MIB written into the new log. */
    private long rotations(Path watch, Random rnd) throws IOException, InterruptedException {
        long written = 0;
        long chunk = settings.appendKib() * 1024L;
        for (int r = 0; r < settings.rotations(); r++) {
            Files.deleteIfExists(watch.resolve(LOG + "." + settings.keep()));
            for (int n = settings.keep() - 1; n >= 1; n--) {
                Path from = watch.resolve(LOG + "." + n);
                if (Files.exists(from)) {
                    Files.move(from, watch.resolve(LOG + "." + (n + 1)), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(watch.resolve(LOG), watch.resolve(LOG + ".1"), StandardCopyOption.ATOMIC_MOVE);
            Files.createFile(watch.resolve(LOG));
            for (long left = settings.rotateMib() * MIB; left > 0; left -= chunk) {
                written += append(watch.resolve(LOG), Math.min(chunk, left), rnd);
                Thread.sleep(settings.rotatePauseMs());
            }
        }
        return written;
    }

    /** Scenario c: the writer and a HEAD poller; the lag of each write once the object holds the file's end. */
    private final class BusyLog {
        private final OSS reader;
        private final String key;
        private final Path log;
        private final List<long[]> writes = new ArrayList<>(); // {nanos after the write, file size}
        private final List<long[]> seen = new ArrayList<>();   // {nanos of the answer, object size or -1}
        int neverHeldBeforeEnd;

        BusyLog(OSS reader, String key, Path log) {
            this.reader = reader;
            this.key = key;
            this.log = log;
        }

        long run() throws Exception {
            Files.createFile(log);
            long size = 0;
            Thread poller = new Thread(this::poll, "busy-head-poller");
            poller.setDaemon(true);
            poller.start();
            Random rnd = new Random(7);
            byte[] line = new byte[settings.busyLineKib() * 1024];
            long start = System.nanoTime();
            long end = start + settings.busySeconds() * 1_000_000_000L;
            long next = start;
            while (next < end) {
                for (int i = 0; i < line.length - 1; i++) {
                    line[i] = (byte) ('a' + rnd.nextInt(26));
                }
                line[line.length - 1] = '\n';
                Files.write(log, line, StandardOpenOption.APPEND);
                size += line.length;
                synchronized (writes) {
                    writes.add(new long[] {System.nanoTime(), size});
                }
                next += settings.busyEveryMs() * 1_000_000L;
                long sleep = (next - System.nanoTime()) / 1_000_000L;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
            writer = false;
            poller.join(Duration.ofSeconds(settings.settleSeconds() + 30).toMillis());
            return size;
        }

        private volatile boolean writer = true;

        /** HEADs the object every ~100 ms until the writer stopped and the object holds the whole file. */
        private void poll() {
            long deadline = Long.MAX_VALUE;
            while (true) {
                long size;
                try {
                    size = reader.getObjectMetadata(WatchClients.BUCKET, key).getContentLength();
                } catch (OSSException | com.aliyun.oss.ClientException e) {
                    size = -1;
                }
                long now = System.nanoTime();
                synchronized (seen) {
                    seen.add(new long[] {now, size});
                }
                if (!writer) {
                    long last;
                    synchronized (writes) {
                        last = writes.isEmpty() ? 0 : writes.get(writes.size() - 1)[1];
                    }
                    if (size >= last) {
                        return;
                    }
                    if (deadline == Long.MAX_VALUE) {
                        deadline = now + settings.settleSeconds() * 1_000_000_000L;
                    } else if (now > deadline) {
                        return;
                    }
                }
                WatchClients.sleepQuietly(100);
            }
        }

        /** Seconds per write, sorted; a write no HEAD ever showed counts until the last HEAD. */
        double[] lags() {
            long endOfWrites = writes.get(writes.size() - 1)[0];
            double[] lags = new double[writes.size()];
            int j = 0;
            for (int i = 0; i < writes.size(); i++) {
                long[] w = writes.get(i);
                while (j < seen.size() && (seen.get(j)[0] < w[0] || seen.get(j)[1] < w[1])) {
                    j++; // sizes only grow, and later writes are larger: the search moves forward only
                }
                long at = j < seen.size() ? seen.get(j)[0] : seen.get(seen.size() - 1)[0];
                if (at > endOfWrites) {
                    neverHeldBeforeEnd++;
                }
                lags[i] = (at - w[0]) / 1e9;
            }
            Arrays.sort(lags);
            return lags;
        }
    }

    /** Appends {@code n} random bytes to the file (created if missing); returns n. */
    private static long append(Path file, long n, Random rnd) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, MIB)];
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (long left = n; left > 0; left -= buf.length) {
                rnd.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return n;
    }

    /** Waits until every file's object has its size and CRC-64 (HEAD, polled every 200 ms). */
    private static boolean awaitEqual(OSS reader, Path watch, String prefix, Duration atMost) throws Exception {
        Map<Path, long[]> crcs = new HashMap<>(); // file → {size, mtime, crc}
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            boolean all = true;
            for (Path f : files(watch)) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    long mtime = a.lastModifiedTime().toMillis();
                    ObjectMetadata m = reader.getObjectMetadata(WatchClients.BUCKET, prefix + watch.relativize(f));
                    if (m.getContentLength() != a.size()) {
                        all = false;
                        break;
                    }
                    long[] c = crcs.get(f);
                    if (c == null || c[0] != a.size() || c[1] != mtime) {
                        c = new long[] {a.size(), mtime, crc64(f)};
                        crcs.put(f, c);
                    }
                    if (m.getServerCRC() == null || m.getServerCRC() != c[2]) {
                        all = false;
                        break;
                    }
                } catch (OSSException | com.aliyun.oss.ClientException | java.nio.file.NoSuchFileException e) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    private static long crc64(Path f) throws IOException {
        CRC64 crc = new CRC64();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, n);
            }
        }
        return crc.getValue();
    }

    private static String sha256(Path f) throws Exception {
        try (InputStream in = Files.newInputStream(f)) {
            return sha256(in);
        }
    }

    private static String objectSha256(OSS reader, String key) throws Exception {
        try (OSSObject o = reader.getObject(WatchClients.BUCKET, key); InputStream in = o.getObjectContent()) {
            return sha256(in);
        } catch (OSSException e) {
            return "missing";
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static List<String> listKeys(OSS reader, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Result page = reader.listObjectsV2(new ListObjectsV2Request(WatchClients.BUCKET)
                    .withPrefix(prefix).withMaxKeys(1000).withContinuationToken(token));
            page.getObjectSummaries().stream().map(OSSObjectSummary::getKey).forEach(keys::add);
            token = page.isTruncated() ? page.getNextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    /** The requests that write (bodies or server-side copies), e.g. "PUT_OBJECT 30, UPLOAD_PART 480". */
    private static String writes(Snapshot before, Snapshot after) {
        Map<String, Long> n = new TreeMap<>();
        for (OssOperation op : OssOperation.values()) {
            String s = op.name();
            boolean writes = s.startsWith("PUT") || s.contains("UPLOAD_PART") || s.contains("COPY")
                    || s.contains("APPEND") || s.startsWith("COMPLETE") || s.startsWith("DELETE");
            long d = after.requests().get(op) - before.requests().get(op);
            if (writes && d > 0) {
                n.put(s, d);
            }
        }
        return n.isEmpty() ? "none" : n.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // --- report ------------------------------------------------------------------------------------

    private String scenarioText(Scenario s) {
        Settings t = settings;
        return switch (s) {
            case APPEND -> String.format(Locale.ROOT, "(a) append: %d MiB log, %d appends of %d KiB, %d ms apart",
                    t.logMib(), t.appends(), t.appendKib(), t.appendPauseMs());
            case ROTATE -> String.format(Locale.ROOT, "(b) rotate: %d rotations of a %d MiB log (keep %d), written in "
                    + "%d KiB appends %d ms apart", t.rotations(), t.rotateMib(), t.keep(), t.appendKib(), t.rotatePauseMs());
            case BUSY -> String.format(Locale.ROOT, "(c) busy log: %d KiB every %d ms for %d s", t.busyLineKib(),
                    t.busyEveryMs(), t.busySeconds());
        };
    }

    private double lagGoal() {
        return settings.maxDelay().toMillis() / 1000.0 + 2;
    }

    private static String ratio(Result r) {
        return String.format(Locale.ROOT, "%s / %s = **%.2f ×**", WatchClients.mib(r.sentBytes()),
                WatchClients.mib(r.newBytes()), r.ratio());
    }

    private static String copied(Result r) {
        return r.copiedBytes() == null ? "not counted by this emulator" : WatchClients.mib(r.copiedBytes());
    }

    private static String equal(Result r) {
        String s = r.unequal().isEmpty() ? "yes (" + r.files() + "/" + r.files() + ")"
                : "**no**: " + String.join(", ", r.unequal());
        return s + (r.extraObjects() > 0 ? "; " + r.extraObjects() + " objects without a file" : "");
    }

    private static String lag(Result r) {
        double[] l = r.lags();
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f s", WatchClients.percentile(l, 50),
                WatchClients.percentile(l, 95), l[l.length - 1]);
    }

    private boolean met(Result r) {
        return r.scenario() == Scenario.BUSY ? WatchClients.percentile(r.lags(), 95) <= lagGoal() : r.ratio() <= 1.1;
    }

    private String goalText(Scenario s) {
        return s == Scenario.BUSY ? String.format(Locale.ROOT, "lag p95 ≤ max-delay + 2 s = %.0f s", lagGoal())
                : "≤ 1.1 × new bytes";
    }

    String markdown(MachineInfo m, String loadAtStart, List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("# Logs benchmark (issue 12), ").append(LocalDate.now()).append("\n\n");
        b.append("Machine: ").append(m.oneLine()).append("; load average at start ").append(loadAtStart)
                .append(", at end ").append(MachineInfo.loadAverage()).append("  \n");
        b.append("Disk: ").append(m.disk()).append("  \n");
        b.append("Build: ").append(System.getenv().getOrDefault("BENCH_BUILD", jar.toString())).append("; max-delay key: ")
                .append(maxDelaySupported ? "accepted" : "**not in this build**").append("  \n");
        b.append(String.format(Locale.ROOT, "Quiet period %d ms for both; naive poller: scan every 300 ms, %d upload "
                + "threads, PutObject of the whole file. ossync: its defaults (2 workers, auto part size). Each scenario "
                + "and client against a fresh emulator in the bench JVM (loopback); clients are child JVMs.%n%n",
                settings.quietMillis(), settings.pollerThreads()));
        b.append("| scenario | measure | goal (ossync) | ossync run | naive SDK poller |\n|---|---|---|---|---|\n");
        for (Scenario s : settings.scenarios()) {
            Result o = find(results, s, WatchClients.Client.OSSYNC);
            Result n = find(results, s, WatchClients.Client.NAIVE);
            String head = scenarioText(s);
            if (s == Scenario.BUSY) {
                row(b, head, "write → object holding it, lag p50 / p95 / max",
                        WatchClients.goal(goalText(s), met(o)) + (o.note().isEmpty() ? "" : " (" + o.note() + ")"),
                        lag(o), lag(n));
                row(b, "", "writes no object held before the writing ended", "",
                        o.neverHeldBeforeEnd() + " of " + o.lags().length,
                        n.neverHeldBeforeEnd() + " of " + n.lags().length + " (" + n.note() + ")");
                row(b, "", "bytes sent / new bytes", "", ratio(o), ratio(n));
            } else {
                row(b, head, "bytes sent / new bytes", WatchClients.goal(goalText(s), met(o)), ratio(o), ratio(n));
            }
            row(b, "", "bytes copied on the server", "", copied(o), copied(n));
            row(b, "", "requests that write", "", o.writes(), n.writes());
            row(b, "", "settled after the last write (every object = its file by size + CRC-64)", "",
                    settle(o), settle(n));
            row(b, "", "every object equals its file (SHA-256 of file and GET)", "", equal(o), equal(n));
        }
        b.append("\nBytes sent: request-body bytes the emulator read from the moment the first log was mirrored "
                + "(append, rotate: its object verified) or the scenario began (busy), until every object equalled its "
                + "file after the last write; failed requests count too. New bytes: bytes written to the logs in that "
                + "time. Lag (busy): for each write, from the write to the first HEAD (every ~100 ms) showing an object "
                + "at least as long as the file right after that write; a file never quiet is uploaded by the poller "
                + "(and by ossync without max-delay) only once the writing stops, so its lag runs until the end.\n");
        return b.toString();
    }

    private static String settle(Result r) {
        return r.settled() ? String.format(Locale.ROOT, "%.1f s", r.settleSeconds())
                : String.format(Locale.ROOT, "**not within %.0f s**", r.settleSeconds());
    }

    /** Tab-separated rows for bench/run: measure, ossync, naive poller, goal (with its mark). */
    String summaryRows(List<Result> results) {
        StringBuilder b = new StringBuilder();
        for (Scenario s : settings.scenarios()) {
            Result o = find(results, s, WatchClients.Client.OSSYNC);
            Result n = find(results, s, WatchClients.Client.NAIVE);
            String eq = "; objects = files: " + (o.unequal().isEmpty() ? "yes" : "NO");
            String eqN = "; objects = files: " + (n.unequal().isEmpty() ? "yes" : "NO");
            if (s == Scenario.BUSY) {
                b.append("logs: ").append(scenarioText(s)).append(", lag p50 / p95 / max\t").append(lag(o))
                        .append(o.note().isEmpty() ? "" : " (" + o.note() + ")").append(eq).append('\t')
                        .append(lag(n)).append(" (never quiet: uploaded at the end)").append(eqN).append('\t')
                        .append(WatchClients.goal(goalText(s), met(o))).append('\n');
            } else {
                b.append("logs: ").append(scenarioText(s)).append(", bytes sent / new bytes\t")
                        .append(String.format(Locale.ROOT, "%.2f × (%s)", o.ratio(), WatchClients.mib(o.sentBytes())))
                        .append(eq).append('\t')
                        .append(String.format(Locale.ROOT, "%.2f × (%s)", n.ratio(), WatchClients.mib(n.sentBytes())))
                        .append(eqN).append('\t').append(WatchClients.goal(goalText(s), met(o))).append('\n');
            }
        }
        return b.toString();
    }

    private static Result find(List<Result> results, Scenario s, WatchClients.Client c) {
        return results.stream().filter(r -> r.scenario() == s && r.client() == c).findFirst().orElseThrow();
    }

    private static void row(StringBuilder b, String scenario, String what, String goal, String ossync, String naive) {
        b.append("| ").append(scenario).append(" | ").append(what).append(" | ").append(goal).append(" | ")
                .append(ossync).append(" | ").append(naive).append(" |\n");
    }

    private static void say(String s) {
        System.out.println("[logs-bench] " + s);
    }
}
