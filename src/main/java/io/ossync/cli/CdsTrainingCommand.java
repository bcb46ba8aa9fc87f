package io.ossync.cli;

import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.OssEmulator;
import io.ossync.state.SqliteNativeLibrary;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ossync cds-training} (hidden): the workload the class-data-sharing archive is made from
 * ({@code -XX:ArchiveClassesAtExit}, at build time and by {@code ossync make-cds-archive}). It runs,
 * in this JVM, what the common commands run: {@code check-config} (YAML, the config binder),
 * {@code upload} of a tiny file to an emulator in this JVM (credentials chain, the SDK client,
 * SQLite, the upload engine, logging) and {@code status} of the state database it left, text and
 * JSON. The classes they load are then mapped from the archive at every start instead of being
 * read, verified and parsed from the jar.
 *
 * <p>Everything happens in a temporary folder that is deleted at the end; the commands' output is
 * kept and shown only when one fails (exit 1).
 */
@Command(name = "cds-training", hidden = true,
        description = "Runs the workload the class-data-sharing archive is made from (used by the build and make-cds-archive).")
public final class CdsTrainingCommand implements Callable<Integer> {

    private static final String BUCKET = "cds-training";
    private static final String REGION = "cn-hangzhou";
    private static final String KEY_ID = "cds-training-key";
    private static final String KEY_SECRET = "cds-training-secret";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--sqlite-library-into", paramLabel = "DIR",
            description = "Also copies the SQLite native library of this platform into DIR (make-cds-archive).")
    Path sqliteLibraryInto;

    private final Map<String, String> env;

    public CdsTrainingCommand() {
        this(System.getenv());
    }

    public CdsTrainingCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        Path work = Files.createTempDirectory("ossync-cds-training");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        // The log lines (Logback's console appender writes to whatever System.out is) and the
        // commands' own output go to the buffer: they are the point (their classes), not the output.
        PrintStream sink = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
        String failed = null;
        try {
            failed = train(work, sink);
            if (failed == null && sqliteLibraryInto != null) {
                SqliteNativeLibrary.copyInto(sqliteLibraryInto);
            }
        } catch (IOException | RuntimeException e) {
            failed = "cds-training: " + e;
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            PathUtils.deleteDirectory(work);
        }
        if (failed != null) {
            spec.commandLine().getErr().println(captured.toString(StandardCharsets.UTF_8));
            spec.commandLine().getErr().println(failed);
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** Runs the commands; returns null, or what failed. */
    private String train(Path work, PrintStream sink) throws IOException {
        Path file = work.resolve("tiny.txt");
        Files.writeString(file, "ossync class-data-sharing training\n");
        Path state = work.resolve("state.db");
        Path config = work.resolve("ossync.yaml");
        Files.createDirectories(work.resolve("inbox"));
        try (OssEmulator emulator = OssEmulator.start(new EmulatorConfig(work.resolve("bucket"), 0,
                List.of(BUCKET), REGION, KEY_ID, KEY_SECRET, null))) {
            Files.writeString(config, String.join("\n",
                    "target:",
                    "  endpoint: " + emulator.endpoint(),
                    "  region: " + REGION,
                    "  bucket: " + BUCKET,
                    "state: " + state,
                    "watches:",
                    "  - path: " + work.resolve("inbox"),
                    "    prefix: \"in/{hostname}/{date:yyyy/MM/dd}/\"",
                    "    quiet-period: 2s",
                    ""));
            List<List<String>> commands = List.of(
                    List.of("--version"),
                    List.of("check-config", "--config", config.toString()),
                    List.of("upload", file.toString(), "oss://" + BUCKET + "/cds/tiny.txt", "--endpoint",
                            emulator.endpoint(), "--region", REGION, "--state", state.toString()),
                    List.of("status", "--config", config.toString()),
                    List.of("status", "--state", state.toString(), "--json"));
            for (List<String> args : commands) {
                CommandLine cl = Main.newCommandLine(trainingEnv());
                PrintWriter out = new PrintWriter(sink, true);
                cl.setOut(out);
                cl.setErr(out);
                int code = cl.execute(args.toArray(String[]::new));
                if (code != ExitCodes.OK) {
                    return "cds-training: ossync " + String.join(" ", args) + " exited with " + code;
                }
            }
        }
        return null;
    }

    /** The environment, with the emulator's key as the credentials and no endpoint of the user's. */
    private Map<String, String> trainingEnv() {
        Map<String, String> e = new HashMap<>(env);
        e.keySet().removeIf(k -> k.startsWith("OSS_") || k.startsWith("ALIBABA_CLOUD_"));
        e.put("OSS_ACCESS_KEY_ID", KEY_ID);
        e.put("OSS_ACCESS_KEY_SECRET", KEY_SECRET);
        return e;
    }
}
