package io.ossync.cli;

import io.ossync.config.ConfigException;
import io.ossync.config.ConfigLoader;
import io.ossync.config.HostName;
import io.ossync.config.MissingFolders;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import io.ossync.status.StatusDatabase;
import io.ossync.status.StatusFormatter;
import io.ossync.status.StatusReader;
import io.ossync.status.StatusReport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ossync status [--config FILE | --state PATH] [--json]}: what the daemon is doing and has
 * done, read from its state database (jobs, uploads in flight, latest failures, files set aside,
 * ledger). See {@link io.ossync.status.JsonStatusFormatter} for the JSON schema.
 *
 * <p>Guarantees: the database is opened read-only; status never takes the daemon's lock, never
 * migrates, never writes, and answers while the daemon runs (WAL: a reader neither waits for the
 * writer nor blocks it). Exit 0 with the report; 1 with one line when there is no database yet or
 * it cannot be read (not SQLite, another application's, another schema); 78 when the configuration
 * is invalid. Nothing from the environment is printed: the configuration is read only for its
 * {@code state} path, and its warnings are not shown (check-config shows them).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the daemon's jobs, uploads in flight, latest failures and ledger, read from its "
                + "state database (read-only; works while the daemon runs).")
public final class StatusCommand implements Callable<Integer> {

    /** Where the state database is named: a configuration file, or the database itself. */
    static final class Source {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "The configuration file whose state database to read (default: "
                        + DEFAULT_CONFIG + ").")
        Path config;

        @Option(names = "--state", paramLabel = "PATH", description = "The state database to read, instead of --config.")
        Path state;
    }

    static final String DEFAULT_CONFIG = "/etc/ossync/ossync.yaml";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(names = "--json", description = "Prints JSON (schema_version 1) instead of text.")
    boolean json;

    private final Map<String, String> env;
    private final Clock clock;

    public StatusCommand() {
        this(System.getenv());
    }

    public StatusCommand(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    StatusCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Path statePath;
        try {
            statePath = statePath();
        } catch (ConfigException e) {
            ConfigProblemPrinter.print(spec.commandLine().getErr(), e.source(), "", e.errors());
            return ExitCodes.CONFIG;
        }
        StatusReport report = read(statePath);
        StatusFormatter formatter = json ? StatusFormatter.json() : StatusFormatter.text();
        spec.commandLine().getOut().print(formatter.format(report));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private Path statePath() throws ConfigException {
        return statePath(source, env);
    }

    /** {@code --state}, or the {@code state} of the configuration (whose other problems are not status's business). */
    static Path statePath(Source source, Map<String, String> env) throws ConfigException {
        if (source != null && source.state != null) {
            return source.state;
        }
        Path config = source != null && source.config != null ? source.config : Path.of(DEFAULT_CONFIG);
        return new ConfigLoader(env, HostName::ofThisMachine, MissingFolders.WARN).load(config).config().state();
    }

    private StatusReport read(Path statePath) {
        try (StateDatabase db = StatusDatabase.open(statePath)) {
            return new StatusReader(db, clock).read();
        } catch (StateDatabaseException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, e.getMessage());
        }
    }
}
