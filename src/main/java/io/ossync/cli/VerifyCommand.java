package io.ossync.cli;

import io.ossync.config.ConfigException;
import io.ossync.config.ConfigLoader;
import io.ossync.config.DaemonConfig;
import io.ossync.config.HostName;
import io.ossync.config.MissingFolders;
import io.ossync.daemon.WatchBinding;
import io.ossync.ledger.Ledger;
import io.ossync.logging.ConsoleDiversion;
import io.ossync.queue.JobQueue;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import io.ossync.status.StatusDatabase;
import io.ossync.store.StoreException;
import io.ossync.verify.MirrorVerifier;
import io.ossync.verify.VerifyFormatter;
import io.ossync.verify.VerifyProgress;
import io.ossync.verify.VerifyReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ossync verify --config FILE [--json] [--deep] [--concurrency N]}: whether the bucket holds
 * every file of the watched folders, as the ledger says (see {@link io.ossync.verify.MirrorCheck}
 * for the findings and {@link io.ossync.verify.VerifyFormatter} for the output).
 *
 * <p>Exit 0 when the mirror is complete; 1 when anything was found, or when the state database or
 * the store cannot be read (one line); 78 when the configuration is invalid. Works while the daemon
 * runs: the state database is opened read-only without its lock, as {@code status} does, and an
 * {@code embedded} target is read through a read-only emulator ({@link ReadOnlyTarget}). Progress
 * (bytes of files judged) is shown on a terminal only.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks that the bucket holds every file of the watched folders as the ledger says: objects "
                + "missing or different, files pending or set aside (read-only; works while the daemon runs).")
public final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/ossync/ossync.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--json", description = "Prints one JSON object (schema_version 1) with the summary and every finding.")
    boolean json;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar and no log line below WARN (warnings go to stderr); findings and the summary still print.")
    boolean quiet;

    @Option(names = "--deep", description = "Also reads every uploaded file and compares its CRC-64 with the ledger's.")
    boolean deep;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "HEAD requests (and, with --deep, file reads) at once, 1..256 (default: ${DEFAULT-VALUE}).")
    int concurrency;

    private final Map<String, String> env;

    public VerifyCommand() {
        this(System.getenv());
    }

    public VerifyCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (concurrency < 1 || concurrency > 256) {
            throw new CommandFailedException(ExitCodes.USAGE, "--concurrency must be between 1 and 256, got " + concurrency);
        }
        DaemonConfig cfg;
        try {
            cfg = new ConfigLoader(env, HostName::ofThisMachine, MissingFolders.WARN).load(config).config();
        } catch (ConfigException e) {
            ConfigProblemPrinter.print(spec.commandLine().getErr(), config, "", e.errors());
            return ExitCodes.CONFIG;
        }
        // As for upload: at a terminal only warnings print (above the bar); with --json the logs keep
        // off stdout, which holds the one result object.
        boolean bar = !quiet && TtyCheck.interactive();
        try (ConsoleDiversion logs = CommandLogs.route(bar, quiet, json)) {
            return verify(cfg, bar);
        }
    }

    private int verify(DaemonConfig cfg, boolean bar) throws InterruptedException {
        VerifyReport report;
        try (StateDatabase db = openState(cfg.state());
             ReadOnlyTarget target = ReadOnlyTarget.of(cfg, env);
             TerminalProgress progress = TerminalProgress.open(spec.commandLine().getErr(), bar)) {
            MirrorVerifier verifier = new MirrorVerifier(target.store(), new Ledger(db, Clock.systemUTC()),
                    new JobQueue(db, Clock.systemUTC()), cfg.target().bucket(), concurrency, deep, progress.listener());
            report = verifier.verify(cfg.watches().stream().map(WatchBinding::of).toList());
        } catch (StoreException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, "verify stopped: " + e.getMessage());
        }
        VerifyFormatter formatter = new VerifyFormatter();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? formatter.json(report) : formatter.text(report));
        out.flush();
        return report.mirrorComplete() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static StateDatabase openState(Path path) {
        try {
            return StatusDatabase.open(path);
        } catch (StateDatabaseException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, e.getMessage());
        }
    }

    /**
     * The one place verify shows progress: {@link ProgressReporter}'s bar on a terminal (bytes of
     * files judged out of the bytes the counting walk found), nothing elsewhere.
     */
    private static final class TerminalProgress implements AutoCloseable {
        private final ProgressReporter reporter;

        private TerminalProgress(ProgressReporter reporter) {
            this.reporter = reporter;
        }

        static TerminalProgress open(PrintWriter err, boolean bar) {
            return new TerminalProgress(!bar ? null
                    : new ProgressReporter("verify", err, true, Clock.systemUTC()));
        }

        VerifyProgress listener() {
            if (reporter == null) {
                return VerifyProgress.NONE;
            }
            return new VerifyProgress() {
                @Override
                public void started(long files, long bytes) {
                    reporter.started(bytes, 0, 0, 0);
                }

                @Override
                public void checked(long bytes) {
                    reporter.partConfirmed(0, bytes);
                }
            };
        }

        @Override
        public void close() {
            if (reporter != null) {
                reporter.close();
            }
        }
    }
}
