package io.ossync.logging;

import org.slf4j.LoggerFactory;

/** A child JVM for {@link LogFormatIT}: logs one line through the logging set-up it starts with. */
public final class LogOneLine {

    private LogOneLine() {
    }

    public static void main(String[] args) {
        LoggerFactory.getLogger(LogOneLine.class).info("child started pid={}", ProcessHandle.current().pid());
    }
}
