package io.ossync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * For a while, what the console appender would print goes somewhere else: only the events at or
 * above a level, each encoded by the console appender's own encoder (same format, text or json, same
 * escaping), handed as one line of bytes to a sink ({@link #divert}), or still to the console but
 * only from that level up ({@link #filter}). {@link #close()} puts the console appender back.
 *
 * <p>Why: the command line shares the terminal with a progress bar ({@code upload} on a TTY), or
 * must keep stdout for one JSON object ({@code --json}), or prints only warnings ({@code --quiet}).
 * The console appender is found at run time, whoever configured Logback (the jar's configuration, a
 * user's {@code -Dlogback.configurationFile}, tests): every {@link ConsoleAppender} attached to the
 * root logger. Other appenders (a user's file appender) are left alone: they do not write on the
 * terminal. Diversions nest (the inner one diverts what the outer one prints) when closed in reverse
 * order, as try-with-resources does. Without Logback, or without a console appender, nothing changes.
 */
public final class ConsoleDiversion implements AutoCloseable {

    private final Logger root;
    private final List<Appender<ILoggingEvent>> replaced;
    private final List<Appender<ILoggingEvent>> installed;
    private boolean closed;

    private ConsoleDiversion(Logger root, List<Appender<ILoggingEvent>> replaced,
                             List<Appender<ILoggingEvent>> installed) {
        this.root = root;
        this.replaced = replaced;
        this.installed = installed;
    }

    /**
     * From now on the console's events at {@code threshold} or above go to {@code sink}, one encoded
     * line (bytes, ending with a newline) a call, possibly from several threads at once; the others
     * are dropped.
     */
    public static ConsoleDiversion divert(Level threshold, Consumer<byte[]> sink) {
        return replace(threshold, sink);
    }

    /**
     * From now on the console prints only the events at {@code threshold} or above, where it printed
     * them before (the others are dropped).
     */
    public static ConsoleDiversion filter(Level threshold) {
        return replace(threshold, null);
    }

    /** Replaces each console appender by one that passes its events at or above threshold to sink (or to it, if null). */
    private static ConsoleDiversion replace(Level threshold, Consumer<byte[]> sink) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return new ConsoleDiversion(null, List.of(), List.of());
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> replaced = new ArrayList<>();
        List<Appender<ILoggingEvent>> installed = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            Encoder<ILoggingEvent> encoder = encoderOf(appender);
            if (encoder == null) {
                continue;
            }
            Diverted diverted = new Diverted(encoder, threshold,
                    sink, sink != null ? null : appender);
            diverted.setContext(context);
            diverted.setName(appender.getName());
            diverted.start();
            replaced.add(appender);
            installed.add(diverted);
        }
        // The new appender first, then the old one off: an event logged in between is printed twice
        // rather than lost (a warning matters more than a duplicate).
        installed.forEach(root::addAppender);
        replaced.forEach(root::detachAppender);
        return new ConsoleDiversion(root, replaced, installed);
    }

    /** The encoder of an appender that prints on the console: a console appender or a diversion of one. */
    @SuppressWarnings("unchecked")
    private static Encoder<ILoggingEvent> encoderOf(Appender<ILoggingEvent> appender) {
        if (appender instanceof ConsoleAppender<?> console) {
            return (Encoder<ILoggingEvent>) console.getEncoder();
        }
        if (appender instanceof Diverted diverted) {
            return diverted.encoder;
        }
        return null;
    }

    /** Whether a console appender was found and diverted. */
    public boolean active() {
        return !installed.isEmpty();
    }

    /** Puts the console appender(s) back as they were; once. */
    @Override
    public synchronized void close() {
        if (closed || root == null) {
            return;
        }
        closed = true;
        replaced.forEach(root::addAppender);
        // Detached, not stopped: an event a thread is appending right now still reaches its sink
        // (a stopped appender would leave a warning in Logback's status instead).
        installed.forEach(root::detachAppender);
    }

    /**
     * Passes the events at or above the threshold on: encoded as the console would and handed to the
     * sink, or to the console appender it replaced (which prints them where it always did).
     */
    private static final class Diverted extends UnsynchronizedAppenderBase<ILoggingEvent> {
        private final Encoder<ILoggingEvent> encoder;
        private final Level threshold;
        private final Consumer<byte[]> sink;
        private final Appender<ILoggingEvent> console;

        Diverted(Encoder<ILoggingEvent> encoder, Level threshold, Consumer<byte[]> sink, Appender<ILoggingEvent> console) {
            this.encoder = encoder;
            this.threshold = threshold;
            this.sink = sink;
            this.console = console;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (!event.getLevel().isGreaterOrEqual(threshold)) {
                return;
            }
            if (sink != null) {
                sink.accept(encoder.encode(event));
            } else {
                console.doAppend(event);
            }
        }
    }
}
