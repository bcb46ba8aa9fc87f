import io.ossync.emulator.Crc64;
import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.OssEmulator;
import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssCredentials;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark of issue "Resumable multipart upload": ossync upload against the official SDK's
 * uploadFile and a single PutObject of the whole file (the ceiling), on loopback against the ossync
 * emulator, which runs inside this JVM so that its byte counters can be read. All three clients run
 * as child JVMs from the same fat jar, so each pays one JVM start and exit; the wall time from spawn
 * to exit is what is measured.
 *
 * <p>Run it through {@code bench/upload.sh}, which compiles this and passes the paths:
 * {@code UploadBench WORK_DIR JAR CLASSES_DIR RESULTS_DIR}. Settings come from the environment:
 * SIZE_MIB (1024), ROUNDS (3), PART_MIB (8), ROUTINES (4), LARGE_MIB (4096; 0 skips the large-file
 * run), WARMUP (1; 0 skips the untimed first round), KILL_AT (0.5: the share of parts recorded when
 * the resume test kills ossync), CLIENT_JAVA_OPTS (none: JVM options for all three clients, e.g.
 * -Xmx64m).
 *
 * <p>Every upload is checked: exit code 0, then HEAD of the object (size and CRC-64 equal to the
 * file's), then no multipart upload left open; the object is deleted afterwards and {@code sync}
 * run, so that no run pays for the previous one's dirty pages.
 */
public final class UploadBench {

    static final long MIB = 1024 * 1024;
    static final String BUCKET = "bench-bucket";
    static final String REGION = "cn-hangzhou";
    static final String KEY_ID = "bench-key-id";
    static final String KEY_SECRET = "bench-key-secret";

    enum Client {
        OSSYNC("ossync upload"),
        SDK_UPLOAD_FILE("SDK uploadFile"),
        SDK_PUT("SDK putObject (ceiling)");

        final String label;

        Client(String label) {
            this.label = label;
        }
    }

    /** One measured run. */
    record Sample(Client client, int round, long bytes, ChildProcess.Result child, double emulatorCpuSeconds) {
        double mbPerSecond() {
            return bytes / 1e6 / child.wallSeconds();
        }
    }

    /** The resume test: one run killed with SIGKILL, one restart. */
    record ResumeTest(long fileSize, int partCount, int rowsWhenKilled, int partsResumed, long partBytesReceived,
                      long allBodyBytesReceived, long bound, double killedAfterSeconds, double restartSeconds) {
        long resent() {
            return partBytesReceived - fileSize;
        }
    }

    record Settings(long size, int rounds, long partSize, int routines, long largeSize, boolean warmup, double killAt,
                    List<String> clientJavaOptions) {
        static Settings fromEnvironment() {
            String opts = System.getenv().getOrDefault("CLIENT_JAVA_OPTS", "").trim();
            return new Settings(env("SIZE_MIB", 1024) * MIB, (int) env("ROUNDS", 3), env("PART_MIB", 8) * MIB,
                    (int) env("ROUTINES", 4), env("LARGE_MIB", 4096) * MIB, env("WARMUP", 1) != 0,
                    Double.parseDouble(System.getenv().getOrDefault("KILL_AT", "0.5")),
                    opts.isEmpty() ? List.of() : List.of(opts.split("\\s+")));
        }

        private static long env(String name, long fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
        }
    }

    private final Settings settings;
    private final Path work;
    private final Path jar;
    private final Path classes;
    private final OssEmulator emulator;
    private final OssObjectStore store;
    private final LongSupplier ownCpu = ChildProcess.ownCpuNanos();
    private int runNumber;

    private UploadBench(Settings settings, Path work, Path jar, Path classes, OssEmulator emulator) {
        this.settings = settings;
        this.work = work;
        this.jar = jar;
        this.classes = classes;
        this.emulator = emulator;
        this.store = new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), REGION, false),
                new OssCredentials(KEY_ID, KEY_SECRET, Optional.empty()), OssClientTuning.DEFAULT);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: UploadBench WORK_DIR JAR CLASSES_DIR RESULTS_DIR (run bench/upload.sh)");
        }
        Path work = Path.of(args[0]);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path classes = Path.of(args[2]);
        Path results = Path.of(args[3]);
        Settings settings = Settings.fromEnvironment();
        // Children must not outlive an interrupted bench (they are ours: descendants of this JVM).
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        if (settings.rounds() < 1) {
            throw new IllegalArgumentException("ROUNDS must be at least 1");
        }
        BenchReport report = new BenchReport(settings, MachineInfo.collect(work));
        say("machine: " + report.machine().oneLine());

        Path file = work.resolve("upload-" + settings.size() / MIB + "MiB.bin");
        long crc = RandomFile.write(file, settings.size(), 1);
        sync();
        try (OssEmulator emulator = OssEmulator.start(new EmulatorConfig(work.resolve("emulator-data"), 0,
                List.of(BUCKET), REGION, KEY_ID, KEY_SECRET, null))) {
            say("emulator " + emulator.endpoint() + " (in this JVM), data in " + work.resolve("emulator-data"));
            UploadBench bench = new UploadBench(settings, work, jar, classes, emulator);
            say("fixed cost: JVM start, set-up and a 1 MiB upload, three times each (not counted)");
            report.fixedCosts(bench.fixedCosts());
            if (settings.warmup()) {
                say("warm-up round (not counted)");
                for (Client c : Client.values()) {
                    bench.measure(c, 0, file, crc);
                }
            }
            for (int round = 1; round <= settings.rounds(); round++) {
                // Rotate the order so that no client always runs first (or right after another).
                for (int i = 0; i < Client.values().length; i++) {
                    Client c = Client.values()[(i + round - 1) % Client.values().length];
                    report.add(bench.measure(c, round, file, crc));
                }
            }
            report.resume(bench.resumeTest(file, crc));
            if (settings.largeSize() > 0) {
                bench.largeFile(report);
            }
        }
        Files.delete(file);
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(results);
        Path out = results.resolve("upload-" + java.time.LocalDate.now() + ".md");
        for (int n = 2; Files.exists(out); n++) {
            out = results.resolve("upload-" + java.time.LocalDate.now() + "-" + n + ".md"); // keep earlier runs of the day
        }
        Files.writeString(out, markdown);
        say("written to " + out);
    }

    /** One upload of {@code file} by {@code client} in a fresh key, checked, then removed. */
    private Sample measure(Client client, int round, Path file, long crc) throws IOException, InterruptedException {
        int run = ++runNumber;
        String key = "bench/run-" + run + "-" + client.name().toLowerCase();
        long cpuBefore = ownCpu.getAsLong();
        long bytesBefore = emulator.counters().bodyBytesReceived();
        ChildProcess.Result r = ChildProcess.start(command(client, file, key, run), childEnvironment(),
                work.resolve("run-" + run + ".log")).await(60);
        double emulatorCpu = (ownCpu.getAsLong() - cpuBefore) / 1e9;
        long received = emulator.counters().bodyBytesReceived() - bytesBefore;
        check(r, client, key, file, crc);
        Sample s = new Sample(client, round, Files.size(file), r, emulatorCpu);
        say(String.format("round %d %-24s %7.1f MB/s  %6.2f s wall  cpu %5.2f s (emulator %5.2f s)  peak RSS %4d MB  "
                        + "received %d bytes", round, client.label, s.mbPerSecond(), r.wallSeconds(), r.cpuSeconds(),
                emulatorCpu, r.peakRssKiB() / 1024, received));
        cleanUp(key);
        return s;
    }

    private List<String> command(Client client, Path file, String key, int run) {
        String cp = jar + File.pathSeparator + classes;
        return switch (client) {
            case OSSYNC -> ossyncCommand(file, key, work.resolve("state-" + run + ".db"));
            case SDK_UPLOAD_FILE -> java("-cp", cp, "SdkUpload", "upload-file", file.toString(), BUCKET, key,
                    emulator.endpoint(), REGION, Long.toString(settings.partSize()), Integer.toString(settings.routines()),
                    work.resolve("sdk-checkpoint-" + run + ".ucp").toString());
            case SDK_PUT -> java("-cp", cp, "SdkUpload", "put", file.toString(), BUCKET, key, emulator.endpoint(), REGION);
        };
    }

    private List<String> ossyncCommand(Path file, String key, Path state) {
        return java("-jar", jar.toString(), "upload", file.toString(), "oss://" + BUCKET + "/" + key,
                "--endpoint", emulator.endpoint(), "--region", REGION,
                "--part-size", settings.partSize() / 1024 + "KiB", "--routines", Integer.toString(settings.routines()),
                "--state", state.toString());
    }

    /** A child JVM command: this JVM's java, the same CLIENT_JAVA_OPTS for every client, then {@code args}. */
    private List<String> java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.clientJavaOptions());
        command.addAll(List.of(args));
        return command;
    }

    private static Map<String, String> childEnvironment() {
        return Map.of("OSS_ACCESS_KEY_ID", KEY_ID, "OSS_ACCESS_KEY_SECRET", KEY_SECRET, "OSSYNC_LOG_LEVEL", "INFO",
                "OSS_ENDPOINT", "", "OSS_REGION", "");
    }

    /** The upload must have succeeded and left exactly the file's bytes, and no open upload. */
    private void check(ChildProcess.Result r, Client client, String key, Path file, long crc) throws IOException {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(client.label + " failed with exit code " + r.exitCode() + ":\n" + tail(r.output()));
        }
        ObjectInfo head = store.headObject(BUCKET, key)
                .orElseThrow(() -> new IllegalStateException(client.label + " reported success but " + key + " is missing"));
        if (head.size() != Files.size(file) || head.crc64().isEmpty() || head.crc64().getAsLong() != crc) {
            throw new IllegalStateException(client.label + ": object " + key + " differs from the file: size "
                    + head.size() + ", crc64 " + head.crc64());
        }
        var open = store.listMultipartUploads(BUCKET, key);
        if (!open.isEmpty()) {
            throw new IllegalStateException(client.label + " left " + open.size() + " multipart upload(s) open on " + key);
        }
    }

    private void cleanUp(String key) throws IOException, InterruptedException {
        store.deleteObject(BUCKET, key);
        sync();
    }

    /**
     * Kills ossync (SIGKILL) once {@code KILL_AT} of the parts are recorded in its state database,
     * restarts it with the same arguments, and counts the part bytes the emulator received in both.
     */
    private ResumeTest resumeTest(Path file, long crc) throws IOException, InterruptedException, SQLException {
        say("resume test: kill -9 at " + Math.round(settings.killAt() * 100) + "% of the parts recorded, then restart");
        long size = Files.size(file);
        int partCount = (int) ((size + settings.partSize() - 1) / settings.partSize());
        int killAt = Math.max(1, (int) Math.round(partCount * settings.killAt()));
        String key = "bench/resume";
        Path state = work.resolve("state-resume.db");
        List<String> command = ossyncCommand(file, key, state);
        emulator.counters().reset();

        ChildProcess.Running first = ChildProcess.start(command, childEnvironment(), work.resolve("resume-1.log"));
        long start = System.nanoTime();
        int seen = 0;
        while (first.isAlive() && seen < killAt) {
            seen = recordedParts(state);
            ChildProcess.sleep(5);
        }
        if (!first.isAlive()) {
            throw new IllegalStateException("ossync finished before it could be killed; use a larger SIZE_MIB");
        }
        first.kill9();
        double killedAfter = (System.nanoTime() - start) / 1e9;
        ChildProcess.Result killed = first.await(5);
        int rowsWhenKilled = recordedParts(state); // what survived the kill, committed rows only
        say(String.format("killed after %.2f s (exit %d) with %d of %d part rows committed; part bytes received so far %d",
                killedAfter, killed.exitCode(), rowsWhenKilled, partCount,
                emulator.counters().bodyBytesReceived(OssOperation.UPLOAD_PART)));

        ChildProcess.Result second = ChildProcess.start(command, childEnvironment(), work.resolve("resume-2.log")).await(60);
        check(second, Client.OSSYNC, key, file, crc);
        Matcher m = Pattern.compile("(\\d+) parts, (\\d+) resumed").matcher(second.output());
        if (!m.find()) {
            throw new IllegalStateException("no 'N parts, M resumed' in the restart's output:\n" + tail(second.output()));
        }
        ResumeTest t = new ResumeTest(size, partCount, rowsWhenKilled, Integer.parseInt(m.group(2)),
                emulator.counters().bodyBytesReceived(OssOperation.UPLOAD_PART), emulator.counters().bodyBytesReceived(),
                settings.routines() * settings.partSize(), killedAfter, second.wallSeconds());
        say(String.format("restart resumed %d parts; part bytes received over both runs %d for a %d-byte file: "
                + "re-sent %d bytes (bound %d)", t.partsResumed(), t.partBytesReceived(), size, t.resent(), t.bound()));
        cleanUp(key);
        return t;
    }

    /** Committed rows of table parts; 0 while the database or its schema does not exist yet. */
    private static int recordedParts(Path state) {
        if (!Files.exists(state)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + state + "?mode=ro");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM parts")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException notYet) {
            return 0;
        }
    }

    /** Peak RSS with a larger file (disk permitting): ossync, and the SDK's uploadFile for comparison. */
    private void largeFile(BenchReport report) throws IOException, InterruptedException {
        long need = settings.largeSize() * 5 / 2; // the file, the emulator's copy, and slack
        long free = Files.getFileStore(work).getUsableSpace();
        if (free < need) {
            say("large-file run skipped: " + free / MIB + " MiB free, " + need / MIB + " MiB needed");
            report.largeSkipped(settings.largeSize(), free);
            return;
        }
        Path big = work.resolve("upload-" + settings.largeSize() / MIB + "MiB.bin");
        say("large-file run: writing " + settings.largeSize() / MIB + " MiB of random bytes");
        long crc = RandomFile.write(big, settings.largeSize(), 2);
        sync();
        report.addLarge(measure(Client.OSSYNC, -1, big, crc));
        report.addLarge(measure(Client.SDK_UPLOAD_FILE, -1, big, crc));
        Files.delete(big);
    }

    /**
     * The fixed cost of one run of each client: JVM start, client set-up, and the upload of a 1 MiB
     * file, median of three. Subtracted from a run's wall time it gives the transfer time alone.
     */
    private Map<Client, Double> fixedCosts() throws IOException, InterruptedException {
        Path small = work.resolve("fixed-cost-1MiB.bin");
        long crc = RandomFile.write(small, MIB, 3);
        Map<Client, List<Double>> walls = new java.util.EnumMap<>(Client.class);
        for (int i = 0; i < 3; i++) {
            for (Client c : Client.values()) {
                walls.computeIfAbsent(c, k -> new ArrayList<>()).add(measure(c, 0, small, crc).child().wallSeconds());
            }
        }
        Files.delete(small);
        Map<Client, Double> medians = new java.util.EnumMap<>(Client.class);
        walls.forEach((c, w) -> medians.put(c, BenchReport.median(w)));
        return medians;
    }

    private static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }

    static void say(String line) {
        System.out.println("bench: " + line);
        System.out.flush();
    }

    /** A file of pseudo-random bytes (incompressible, seeded so runs are comparable). */
    static final class RandomFile {
        private RandomFile() {
        }

        /** Writes {@code size} bytes and returns their CRC-64/XZ (computed by the emulator's own Crc64). */
        static long write(Path file, long size, long seed) throws IOException {
            SplittableRandom random = new SplittableRandom(seed);
            ByteBuffer buffer = ByteBuffer.allocate((int) (8 * MIB)).order(ByteOrder.LITTLE_ENDIAN);
            long crc = 0;
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long left = size;
                while (left > 0) {
                    buffer.clear();
                    for (int i = 0; i < buffer.capacity(); i += 8) {
                        buffer.putLong(i, random.nextLong());
                    }
                    int n = (int) Math.min(buffer.capacity(), left);
                    crc = Crc64.update(crc, buffer.array(), 0, n);
                    buffer.limit(n);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    left -= n;
                }
            }
            return crc;
        }
    }
}
