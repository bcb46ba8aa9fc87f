package io.ossync.cli;

import io.ossync.checkpoint.CheckpointStore;
import io.ossync.logging.ConsoleDiversion;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import io.ossync.store.OssClientTuning;
import io.ossync.config.CredentialsSetting;
import io.ossync.config.CredentialsSource;
import io.ossync.store.RefreshingCredentialsProvider;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;
import io.ossync.store.ObjectOptions;
import io.ossync.upload.PartSizeSetting;
import io.ossync.upload.RequestRetry;
import io.ossync.upload.UploadEngine;
import io.ossync.upload.UploadFailedException;
import io.ossync.upload.UploadListener;
import io.ossync.upload.UploadRequest;
import io.ossync.upload.UploadResult;
import io.ossync.util.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ossync upload FILE oss://BUCKET/KEY}: one resumable upload. Run it again with the same
 * arguments after Ctrl-C, a crash or {@code kill -9} and it resumes from the recorded parts.
 * Exits 0 only on a verified object.
 *
 * <p>What it prints: at a terminal ({@link TtyCheck#interactive()}) a progress bar, and of the logs
 * only warnings and errors, above the bar; otherwise progress lines on stderr every few seconds and
 * the logs as configured (stdout). {@code --quiet}: no progress, no log below WARN, warnings on
 * stderr, nothing on stdout. {@code --json}: one {@link UploadJson} object on stdout at the end,
 * success or failure, the logs on stderr. The last line on stdout otherwise says what was uploaded.
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Uploads one file to OSS with a resumable multipart upload; run it again to resume.")
public final class UploadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Parameters(index = "1", paramLabel = "oss://BUCKET/KEY", description = "Where to put it.")
    String target;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "OSS endpoint with scheme, e.g. https://oss-cn-hangzhou.aliyuncs.com (default: $OSS_ENDPOINT).")
    String endpoint;

    @Option(names = "--region", paramLabel = "R", description = "Region for signature V4, e.g. cn-hangzhou (default: $OSS_REGION).")
    String region;

    @Option(names = "--part-size", paramLabel = "SIZE|auto", defaultValue = "auto",
            description = "Part size, 100KiB..5GiB (e.g. 256KiB, 8MiB, 1GiB), or auto (default: ${DEFAULT-VALUE}).")
    String partSize;

    @Option(names = "--routines", paramLabel = "N", defaultValue = "4",
            description = "Parts in flight at once (default: ${DEFAULT-VALUE}).")
    int routines;

    @Option(names = "--state", paramLabel = "PATH",
            description = "State database (default: $XDG_STATE_HOME/ossync/state.db or ~/.local/state/ossync/state.db).")
    Path state;

    @Option(names = "--cname", description = "The endpoint is a custom domain bound to the bucket.")
    boolean cname;

    @Option(names = "--credentials", paramLabel = "SOURCE", defaultValue = "auto",
            description = "Where credentials come from: auto (the chain, see README), environment, ecs-ram-role, "
                    + "oidc, profile or uri (default: ${DEFAULT-VALUE}).")
    String credentialsSource;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar or lines and no log line below WARN; warnings and errors on stderr; "
                    + "nothing on stdout on success (unless --json).")
    boolean quiet;

    @Option(names = "--json",
            description = "Print one JSON object on stdout at the end (success or failure) and the logs on stderr.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    public UploadCommand() {
        this(System.getenv());
    }

    public UploadCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        boolean bar = !quiet && TtyCheck.interactive();
        OssUrl url = null;
        try (ConsoleDiversion logs = CommandLogs.route(bar, quiet, json)) {
            url = usage(() -> OssUrl.parse(target));
            UploadResult r = upload(url, bar);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (json) {
                printOut(UploadJson.success(file.toString(), r, seconds));
            } else if (!quiet) {
                printOut("uploaded " + file + " to " + url + " (" + ByteSize.format(r.size())
                        + (r.multipart() ? ", " + r.partCount() + " parts, " + r.partsResumed() + " resumed" : "")
                        + (r.restarts() > 0 ? ", " + r.restarts() + " restarts" : "")
                        + ", crc64 " + Long.toUnsignedString(r.crc64()) + ")");
            }
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            if (json) {
                // The one-line reason still goes to stderr (OneLineExecutionErrors), for whoever watches.
                CommandFailedException failed = e instanceof CommandFailedException f ? f : null;
                printOut(UploadJson.failure(String.valueOf(file), url,
                        failed != null ? failed.getMessage() : "internal error: " + e,
                        failed != null ? failed.exitCode() : ExitCodes.SOFTWARE, (System.nanoTime() - started) / 1e9));
            }
            throw e;
        }
    }

    private void printOut(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }

    private UploadResult upload(OssUrl url, boolean bar) {
        PartSizeSetting size = usage(() -> PartSizeSetting.parse(partSize));
        if (routines < 1 || routines > 256) {
            throw new CommandFailedException(ExitCodes.USAGE, "--routines must be between 1 and 256, got " + routines);
        }
        checkReadableFile(file);
        CredentialsSetting setting = usage(() -> CredentialsSetting.of(CredentialsSource.fromConfigName(credentialsSource)));
        OssEndpoint ep = usage(() -> OssEndpoint.parse(orEnv(endpoint, "OSS_ENDPOINT", "--endpoint"),
                orEnv(region, "OSS_REGION", "--region"), cname));
        Path statePath = state != null ? state : StatePaths.defaultStateDb(env, System.getProperty("user.home"));

        UploadRequest request = new UploadRequest(file, url.bucket(), url.key(), ObjectOptions.DEFAULT, size, routines);
        try (RefreshingCredentialsProvider credentials = usage(() -> RefreshingCredentialsProvider.start(setting, env,
                Path.of(System.getProperty("user.home"))));
             StateDatabase db = openState(statePath);
             OssObjectStore store = new OssObjectStore(ep, credentials, OssClientTuning.DEFAULT);
             ProgressReporter progress = quiet ? null : new ProgressReporter(file.getFileName().toString(),
                     spec.commandLine().getErr(), bar, Clock.systemUTC())) {
            credentials.unavailable().ifPresent(why -> {
                throw new CommandFailedException(ExitCodes.FAILURE, why);
            });
            UploadEngine engine = new UploadEngine(store, new CheckpointStore(db, Clock.systemUTC()), RequestRetry.DEFAULT);
            UploadResult r = engine.upload(request, progress != null ? progress : UploadListener.NONE);
            if (progress != null) {
                progress.close(); // the bar ends before the result is printed
            }
            return r;
        } catch (UploadFailedException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, e.getMessage());
        }
    }

    private static StateDatabase openState(Path path) {
        try {
            return StateDatabase.open(path);
        } catch (StateDatabaseException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, e.getMessage());
        }
    }

    private static void checkReadableFile(Path file) {
        if (!Files.exists(file)) {
            throw new CommandFailedException(ExitCodes.FAILURE, file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new CommandFailedException(ExitCodes.FAILURE, file + ": is a directory (upload takes one file)");
        }
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException(ExitCodes.FAILURE, file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new CommandFailedException(ExitCodes.FAILURE, file + ": permission denied");
        }
    }

    private String orEnv(String value, String variable, String option) {
        String v = value != null ? value : env.get(variable);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no " + option.substring(2) + ": give " + option + " or set " + variable);
        }
        return v;
    }

    private static <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
