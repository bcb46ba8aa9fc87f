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
                CdsTrainingCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (isVersionOnly(args)) {
            // Without picocli, whose classes (Java 5 bytecode) the class-data-sharing archive cannot
            // hold: building the command line costs more than the rest of `ossync --version`.
            for (String line : new VersionProvider().getVersion()) {
                System.out.println(line);
            }
            System.exit(ExitCodes.OK);
        }
        System.exit(run(args));
    }

    /** {@code ossync --version} (or {@code -V}) and nothing else, which picocli would answer the same way. */
    static boolean isVersionOnly(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
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
