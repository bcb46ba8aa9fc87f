package io.ossync.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync --version} answered before picocli starts says what picocli would say. */
class VersionTest {

    @Test
    void onlyTheVersionOptionAloneTakesTheShortCut() {
        assertThat(Main.isVersionOnly(new String[] {"--version"})).isTrue();
        assertThat(Main.isVersionOnly(new String[] {"-V"})).isTrue();
        assertThat(Main.isVersionOnly(new String[] {})).isFalse();
        assertThat(Main.isVersionOnly(new String[] {"--version", "status"})).isFalse();
        assertThat(Main.isVersionOnly(new String[] {"status", "--version"})).isFalse();
        assertThat(Main.isVersionOnly(new String[] {"--versio"})).isFalse();
    }

    @Test
    void theShortCutPrintsWhatPicocliPrints() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("--version")).isZero();

        StringBuilder shortCut = new StringBuilder();
        for (String line : new VersionProvider().getVersion()) {
            shortCut.append(line).append(System.lineSeparator());
        }
        assertThat(out.toString()).isEqualTo(shortCut.toString()).startsWith("ossync ");
    }
}
