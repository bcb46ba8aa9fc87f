package io.ossync.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A run of one command registers only that command; anything else sees them all. */
class MainCommandsTest {

    private static final String[] ALL = {"help", "run", "upload", "emulator", "check-config", "status",
            "confirm-deletes", "verify", "ls", "cds-training"};

    @Test
    void eachCommandAloneIsRegisteredUnderItsOwnAnnotatedName() {
        for (String name : ALL) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine cl = Main.newCommandLine(Map.of(), new String[]{name, "--help"});
            assertThat(cl.getSubcommands().keySet()).as(name).containsExactly(name);
            // The map's key must be the name picocli knows the command by (its @Command name).
            assertThat(cl.getSubcommands().get(name).getCommandSpec().name()).isEqualTo(name);
        }
    }

    @Test
    void helpOptionsAndUnknownNamesSeeEveryCommand() {
        for (String[] args : new String[][]{{}, {"help"}, {"--help"}, {"statuss"}, {"-V"}}) {
            assertThat(Main.newCommandLine(Map.of(), args).getSubcommands().keySet())
                    .as(String.join(" ", args)).containsExactly(ALL);
        }
    }

    @Test
    void aMistypedCommandStillGetsItsSuggestion() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of(), new String[]{"statuss"});
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));

        assertThat(cl.execute("statuss")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("statuss").contains("status");
    }

    @Test
    void helpOfOneCommandWorksThroughTheHelpCommand() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of(), new String[]{"help", "verify"});
        cl.setOut(new PrintWriter(out, true));

        assertThat(cl.execute("help", "verify")).isZero();
        assertThat(out.toString()).contains("Usage: ossync verify");
    }
}
