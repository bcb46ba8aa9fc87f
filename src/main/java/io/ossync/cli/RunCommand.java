package io.ossync.cli;

import io.ossync.config.ConfigException;
import io.ossync.config.ConfigLoader;
import io.ossync.config.ConfigProblem;
import io.ossync.config.DaemonConfig;
import io.ossync.config.HostName;
import io.ossync.config.LoadedConfig;
import io.ossync.config.MissingFolders;
import io.ossync.config.WatchConfig;
import io.ossync.daemon.Daemon;
import io.ossync.state.StateDatabaseException;
import io.ossync.util.StoredPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ossync run --config FILE}: the daemon in the foreground until SIGTERM, SIGINT or SIGHUP,
 * which stop intake, let parts in flight finish within {@code shutdown-timeout}, close the database
 * and exit 0. When the state database or its lock file is deleted or replaced, the same stop,
 * then exit {@link ExitCodes#STATE_LOST}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the daemon: watches the configured folders and uploads every new or changed file.")
public final class RunCommand implements Callable<Integer> {

    /**
     * Not a static field: picocli makes every subcommand at start, and a logger would start Logback
     * for {@code --version} and {@code status}, which log nothing.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(RunCommand.class);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/ossync/ossync.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    private final Map<String, String> env;

    public RunCommand() {
        this(System.getenv());
    }

    public RunCommand(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The JVM decodes file names with the locale it started in, for good: without a UTF-8 one (LANG
     * unset, as systemd starts services) every name with another character is set aside.
     */
    private void warnUnlessFileNamesAreUtf8() {
        if (!StoredPaths.fileNameEncodingIsUtf8()) {
            String encoding = StoredPaths.fileNameEncodingName();
            log().warn("file names are decoded as {}, not UTF-8: names with other characters cannot be uploaded and "
                    + "are set aside; set LANG=C.UTF-8 (the systemd unit does) encoding={} lang={} lc_all={}",
                    encoding, encoding, env.getOrDefault("LANG", "unset"), env.getOrDefault("LC_ALL", "unset"));
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        DaemonConfig cfg;
        try {
            LoadedConfig loaded = new ConfigLoader(env, HostName::ofThisMachine, MissingFolders.WARN).load(config);
            for (ConfigProblem w : loaded.warnings()) {
                log().warn("config warning file={} problem=\"{}\"", config, w);
            }
            cfg = loaded.config();
            warnUnlessFileNamesAreUtf8();
        } catch (ConfigException e) {
            ConfigProblemPrinter.print(spec.commandLine().getErr(), config, "", e.errors());
            // A refused file may still have exposed a secret (readable by others): say so too.
            ConfigProblemPrinter.print(spec.commandLine().getErr(), config, "warning: ", e.warnings());
            return ExitCodes.CONFIG;
        }
        if (cfg.target().embedded()) {
            createDemoFolders(cfg);
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(cfg, env, Clock.systemUTC());
        } catch (StateDatabaseException | IllegalArgumentException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, e.getMessage());
        }
        // One stop path, whoever asks first: a signal (exit 0) or the loss of the state files.
        CompletableFuture<Integer> stop = new CompletableFuture<>();
        onSignal("TERM", stop);
        onSignal("INT", stop);
        // Nothing is reloaded: a config change needs a restart (the watches' jobs and checkpoints
        // are bound at start). Left to the JVM, SIGHUP would exit at once with 129 (no stopping
        // line, parts in flight cut); a clean stop like SIGTERM is the honest answer.
        onSignal("HUP", stop);
        daemon.stateLost().thenRun(() -> stop.complete(ExitCodes.STATE_LOST));
        int exitCode = stop.join();
        daemon.close();
        if (exitCode == ExitCodes.STATE_LOST) {
            log().error("ossync exits, its state database or lock file was deleted or replaced exit_code={} "
                    + "reason=\"{}\"", exitCode, daemon.stateLost().toCompletableFuture().join());
        }
        return exitCode;
    }

    /** The demo runs from a fresh checkout: its inbox and state folder are made if missing. */
    private static void createDemoFolders(DaemonConfig cfg) throws IOException {
        Files.createDirectories(cfg.state().getParent());
        for (WatchConfig w : cfg.watches()) {
            Files.createDirectories(w.path());
        }
    }

    private static void onSignal(String name, CompletableFuture<Integer> stop) {
        Signal.handle(new Signal(name), s -> {
            log().info("signal received signal=SIG{}", name);
            stop.complete(ExitCodes.OK);
        });
    }
}
