package io.ossync.cli;

import picocli.CommandLine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** The {@code ossync} command line: parses, dispatches to a subcommand, exits with its code. */
@Command(name = "ossync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Mirrors new or changed files into Alibaba Cloud OSS with resumable multipart uploads.")
public final class Main implements Runnable {

    /**
     * The subcommands by name, in the order {@code --help} lists them. Registered in code rather than
     * in the annotation so that a run of one command builds only that command's model: picocli
     * reflects over every option of every registered command at start, a fifth of a short command's
     * CPU (bench/startup.sh).
     */
    private static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("help", CommandLine.HelpCommand.class);
        commands.put("run", RunCommand.class);
        commands.put("upload", UploadCommand.class);
        commands.put("emulator", EmulatorCommand.class);
        commands.put("check-config", CheckConfigCommand.class);
        commands.put("status", StatusCommand.class);
        commands.put("confirm-deletes", ConfirmDeletesCommand.class);
        commands.put("verify", VerifyCommand.class);
        commands.put("ls", LsCommand.class);
        commands.put("cds-training", CdsTrainingCommand.class);
        return Collections.unmodifiableMap(commands);
    }

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
        return newCommandLine(System.getenv(), args).execute(args);
    }

    /** A command line whose commands see {@code env} as their environment (tests pass their own). */
    public static CommandLine newCommandLine(Map<String, String> env) {
        return newCommandLine(env, new String[0]);
    }

    /**
     * A command line for {@code args}: when they start with a command's name, only that command is
     * registered; otherwise (help, an option, a mistyped name, which picocli answers with
     * suggestions) all of them.
     */
    static CommandLine newCommandLine(Map<String, String> env, String[] args) {
        CommandLine cl = new CommandLine(new Main(), new EnvironmentFactory(env));
        String first = args.length > 0 ? args[0] : null;
        boolean one = first != null && !first.equals("help") && COMMANDS.containsKey(first);
        for (Map.Entry<String, Class<?>> command : COMMANDS.entrySet()) {
            if (!one || command.getKey().equals(first)) {
                cl.addSubcommand(command.getKey(), command.getValue());
            }
        }
        cl.setParameterExceptionHandler(new OneLineParameterErrors());
        cl.setExecutionExceptionHandler(new OneLineExecutionErrors());
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (see ossync --help)");
    }
}
