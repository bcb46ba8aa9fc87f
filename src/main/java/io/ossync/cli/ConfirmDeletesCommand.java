package io.ossync.cli;

import io.ossync.config.ConfigException;
import io.ossync.roots.RootRecords;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ossync confirm-deletes [--config FILE | --state PATH] [--root PATH]}: the operator's
 * permission to carry out deletions the daemon held back (a watched folder replaced, or more files
 * gone in one scan than {@code max-delete} allows). It sets a one-shot flag in the state database;
 * the daemon reads it at the root's next scan, deletes what is still gone then, takes the folder
 * as it is now as the root, and clears the flag. A flag is only set on a root that is held.
 *
 * <p>Works while the daemon runs (SQLite serialises the one small write) and without it. Exit 0
 * when at least one root was confirmed; 1 when nothing is held (or not that root); 78 when the
 * configuration is invalid.
 */
@Command(name = "confirm-deletes", mixinStandardHelpOptions = true,
        description = "Lets the deletions the daemon held back (a watched folder replaced or mostly gone) proceed "
                + "at the folder's next scan.")
public final class ConfirmDeletesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    StatusCommand.Source source;

    @Option(names = "--root", paramLabel = "PATH",
            description = "Only this watched folder (as configured); default: every folder whose deletions are held.")
    Path root;

    private final Map<String, String> env;

    public ConfirmDeletesCommand() {
        this(System.getenv());
    }

    public ConfirmDeletesCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Path statePath;
        try {
            statePath = StatusCommand.statePath(source, env);
        } catch (ConfigException e) {
            ConfigProblemPrinter.print(spec.commandLine().getErr(), e.source(), "", e.errors());
            return ExitCodes.CONFIG;
        }
        if (Files.notExists(statePath)) {
            throw new CommandFailedException(ExitCodes.FAILURE, "no state database at " + statePath.toAbsolutePath()
                    + " (has the daemon run yet?)");
        }
        List<Path> confirmed;
        try (StateDatabase db = StateDatabase.open(statePath)) {
            confirmed = new RootRecords(db).confirm(root == null ? null : root.toAbsolutePath().normalize());
        } catch (StateDatabaseException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, e.getMessage());
        }
        if (confirmed.isEmpty()) {
            throw new CommandFailedException(ExitCodes.FAILURE, root == null ? "no deletions are held"
                    : "no deletions are held for " + root);
        }
        PrintWriter out = spec.commandLine().getOut();
        confirmed.forEach(r -> out.println("deletions confirmed for " + r + ": they proceed at its next scan"));
        out.flush();
        return ExitCodes.OK;
    }
}
