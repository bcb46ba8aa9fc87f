package io.ossync.cli;

import picocli.CommandLine;

import java.util.Map;
import picocli.CommandLine.Command;

/** The {@code ossync} command line: parses, dispatches to a subcommand, exits with its code. */
@Command(name = "ossync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Mirrors new or changed files into Alibaba Cloud OSS with resumable multipart uploads.",
        subcommands = {
                CommandLine.HelpCommand.class,
                RunCommand.class,
                UploadCommand.class,
                EmulatorCommand.class,
                CheckConfigCommand.class,
                StatusCommand.class,
                ConfirmDeletesCommand.class,
                VerifyCommand.class,
                LsCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, without exiting. */
    public static int run(String... args) {
        return newCommandLine(System.getenv()).execute(args);
    }

    /** A command line whose commands see {@code env} as their environment (tests pass their own). */
    public static CommandLine newCommandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new Main(), new EnvironmentFactory(env));
        cl.setParameterExceptionHandler(new OneLineParameterErrors());
        cl.setExecutionExceptionHandler(new OneLineExecutionErrors());
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (see ossync --help)");
    }
}
