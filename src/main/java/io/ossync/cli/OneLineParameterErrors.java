package io.ossync.cli;

import picocli.CommandLine;

/**
 * Bad command-line input gets one clear line on stderr and exit code 2, instead of picocli's
 * default of the message followed by the whole usage text.
 */
final class OneLineParameterErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("ossync: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    }
}
