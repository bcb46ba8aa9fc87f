package io.ossync.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync --help} as a user reads it: the list shows each command's first description line only. */
class HelpTest {

    private static final Pattern ENTRY = Pattern.compile("^ {2}(\\S+)\\s+(.*)$");

    @Test
    void everyListedCommandDescriptionIsAWholeSentence() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));

        assertThat(cl.execute("--help")).isZero();

        Map<String, String> listed = commands(out.toString());
        assertThat(listed.keySet()).as(out.toString())
                .containsExactlyInAnyOrder("help", "run", "upload", "emulator", "check-config", "status",
                        "confirm-deletes", "verify", "ls");
        assertThat(listed).allSatisfy((name, description) ->
                assertThat(description).as(name + " in\n" + out).endsWith("."));
    }

    /** The "Commands:" section: each name with its description, wrapped lines joined. */
    private static Map<String, String> commands(String help) {
        Map<String, String> commands = new LinkedHashMap<>();
        List<String> lines = help.lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
                .takeWhile(l -> !l.isBlank()).toList();
        String current = null;
        List<String> parts = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    commands.put(current, String.join(" ", parts));
                }
                current = m.group(1);
                parts = new ArrayList<>(List.of(m.group(2).strip()));
            } else {
                parts.add(line.strip()); // a long description wrapped onto the next line
            }
        }
        if (current != null) {
            commands.put(current, String.join(" ", parts));
        }
        return commands;
    }
}
