package io.ossync.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TtyCheckTest {

    @Test
    void terminalDevicesByTheirLinks() {
        assertThat(TtyCheck.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(TtyCheck.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(TtyCheck.isTerminalDevice("/dev/ttyS0")).isTrue();
        assertThat(TtyCheck.isTerminalDevice("/dev/console")).isTrue();
        assertThat(TtyCheck.isTerminalDevice("pipe:[81234]")).isFalse();
        assertThat(TtyCheck.isTerminalDevice("socket:[81234]")).isFalse();
        assertThat(TtyCheck.isTerminalDevice("/dev/null")).isFalse();
        assertThat(TtyCheck.isTerminalDevice("/tmp/upload.log")).isFalse();
    }

    @Test
    void testsRunWithoutATerminal() {
        // surefire gives the forked JVM pipes: no bar in the in-process command tests.
        assertThat(TtyCheck.interactive()).isFalse();
    }
}
