package io.ossync.cli;

import io.ossync.config.ConfigException;
import io.ossync.config.ConfigLoader;
import io.ossync.config.ConfigProblem;
import io.ossync.config.DaemonConfig;
import io.ossync.config.LoadedConfig;
import io.ossync.config.MissingFolders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ossync check-config}: loads and validates a configuration file as the daemon would, but
 * stricter (a watched folder that does not exist is an error here), and prints every problem, one
 * a line. Exit 0 when the daemon could start with it, {@link ExitCodes#CONFIG} otherwise.
 */
@Command(name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validates a configuration file and prints every problem found.")
public final class CheckConfigCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/ossync/ossync.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LoadedConfig loaded = ConfigLoader.forThisProcess(MissingFolders.ERROR).load(config);
            print(err, "warning: ", loaded.warnings());
            DaemonConfig c = loaded.config();
            int n = c.watches().size();
            out.println("config OK: " + n + (n == 1 ? " watch" : " watches") + ", target " + c.target().describe());
            return ExitCodes.OK;
        } catch (ConfigException e) {
            print(err, "", e.errors());
            print(err, "warning: ", e.warnings());
            return ExitCodes.CONFIG;
        }
    }

    private void print(PrintWriter err, String kind, List<ConfigProblem> problems) {
        for (ConfigProblem p : problems) {
            err.println("ossync: config " + config + ": " + kind + p);
        }
        err.flush();
    }
}
