package io.ossync.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ossync.daemon.Daemon;
import io.ossync.emulator.EmulatorExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daemon for each test, on real folders, configured in code ({@link TestConfig}, written as the
 * YAML file a user would write) and started when the test says so. Two ways to run it:
 * <ul>
 *   <li>{@link #inProcess()}: {@link Daemon#start} in the test's JVM, its log events captured (a
 *       Logback appender on the root logger) as {@code "LEVEL message"} lines;</li>
 *   <li>{@link #childJvm()}: {@code ossync run} as a child JVM with the production logging setup,
 *       an environment of the test's choosing and an optional command prefix ({@code setpriv}...),
 *       killed with {@code kill -9} or stopped with SIGTERM, restarted on the same state database.</li>
 * </ul>
 * Register it on an instance field after the emulator it uploads to:
 *
 * <pre>
 *   &#64;RegisterExtension final EmulatorExtension emulator = new EmulatorExtension();
 *   &#64;RegisterExtension final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);
 *   ...
 *   daemon.config().withWatch("mirror-deletes", "true");
 *   daemon.start();
 *   daemon.awaitObject("in/a.bin", sha256, Duration.ofSeconds(30));
 * </pre>
 *
 * Each test gets a temporary folder with {@code inbox/} (watched with the prefix {@code in/} unless
 * the test configures other watches), {@code state/state.db} and {@code ossync.yaml}. After the test
 * the daemon is stopped, its logs are kept under {@code target/daemon-logs/CLASS/METHOD/} and the
 * folder is deleted.
 */
public final class DaemonExtension implements BeforeEachCallback, AfterEachCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern METRICS_PORT = Pattern.compile("metrics listening on http://[^ ]+:(\\d+)/metrics");

    private final boolean child;
    private Supplier<String> defaultEndpoint;
    private Map<String, String> env = TestConfig.EMULATOR_ENV;
    private List<String> commandPrefix = List.of();
    private List<String> jvmOptions = List.of();
    private Set<String> unsetEnv = Set.of();

    private Path dir;
    private TestConfig config;
    private final List<Path> logs = new ArrayList<>();
    private RemoteObjects remote;
    private ChildJvm process;
    private Daemon daemon;
    private ListAppender<ILoggingEvent> events;

    private DaemonExtension(boolean child) {
        this.child = child;
    }

    /** The daemon in the test's JVM. */
    public static DaemonExtension inProcess() {
        return new DaemonExtension(false);
    }

    /** The daemon as a child JVM ({@code ossync run}). */
    public static DaemonExtension childJvm() {
        return new DaemonExtension(true);
    }

    /** Uploads to this emulator unless the test names another endpoint in {@link #config()}. */
    public DaemonExtension against(EmulatorExtension emulator) {
        this.defaultEndpoint = emulator::endpoint;
        return this;
    }

    /** The daemon's {@code OSS_*} and {@code OSSYNC_*} environment (default: the emulator's keys). */
    public DaemonExtension environment(Map<String, String> env) {
        this.env = Map.copyOf(env);
        return this;
    }

    /** Variables the child JVM does not inherit from the test's environment (e.g. {@code LANG}). */
    public DaemonExtension withoutEnvironment(String... names) {
        if (!child) {
            throw new IllegalStateException("an environment without some variables needs a child JVM");
        }
        this.unsetEnv = Set.of(names);
        return this;
    }

    /** A command the child JVM runs under, e.g. {@code setpriv ...} (child JVM only). */
    public DaemonExtension commandPrefix(List<String> prefix) {
        if (!child) {
            throw new IllegalStateException("a command prefix needs a child JVM");
        }
        this.commandPrefix = List.copyOf(prefix);
        return this;
    }

    /**
     * Options of the child JVM before its main class, e.g. {@code -Dhttp.proxyHost=127.0.0.1} (the
     * ECS metadata service reached through the emulator) or {@code -Duser.home=DIR} (child JVM only).
     */
    public DaemonExtension jvmOptions(String... options) {
        if (!child) {
            throw new IllegalStateException("JVM options need a child JVM");
        }
        this.jvmOptions = List.of(options);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("ossync-daemon-");
        Files.createDirectories(inbox());
        config = TestConfig.of(null, dir.resolve("state/state.db")).watch(inbox(), "in/");
        logs.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            stop();
            keepLogs(Path.of("target", "daemon-logs", context.getRequiredTestClass().getSimpleName(),
                    context.getRequiredTestMethod().getName()));
        } finally {
            if (remote != null) {
                remote.close();
                remote = null;
            }
            TestFiles.deleteTree(dir);
        }
    }

    // ---- set-up ---------------------------------------------------------------------------------

    /** The configuration the next {@link #start()} writes; change it before starting. */
    public TestConfig config() {
        return config;
    }

    /** This test's folder of the daemon (deleted after the test). */
    public Path dir() {
        return dir;
    }

    /** The folder of the default watch (prefix {@code in/}), created empty. */
    public Path inbox() {
        return dir.resolve("inbox");
    }

    public Path stateDb() {
        return config.stateDb();
    }

    /** The YAML file, as {@code ossync status --config} reads it (written by {@link #writeConfig()}). */
    public Path configFile() {
        return dir.resolve("ossync.yaml");
    }

    /** Writes the configuration without starting the daemon (for commands run beside it). */
    public Path writeConfig() throws IOException {
        if (!config.hasEndpoint()) {
            config.endpoint(Objects.requireNonNull(defaultEndpoint, "no endpoint: use against(emulator)").get());
        }
        return config.write(configFile());
    }

    // ---- running --------------------------------------------------------------------------------

    /** Writes the configuration, starts the daemon and waits until it says it started. */
    public DaemonExtension start() throws Exception {
        if (alive()) {
            throw new IllegalStateException("the daemon is already running");
        }
        Path yaml = writeConfig();
        Path log = dir.resolve("daemon-" + (logs.size() + 1) + ".log");
        logs.add(log);
        if (child) {
            List<String> options = new ArrayList<>(jvmOptions);
            options.add("-Dlogback.configurationFile=" + productionLogback());
            process = ChildJvm.ossync(commandPrefix, options, env, unsetEnv, log, "run", "--config", yaml.toString());
            Awaitility.await("daemon start, log " + log).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("daemon exited: " + Files.readString(log));
                        }
                        return Files.readString(log).contains("ossync started");
                    });
        } else {
            events = new ListAppender<>();
            events.start();
            root().addAppender(events);
            daemon = Daemon.start(config.load(yaml, env), env, Clock.systemUTC());
        }
        return this;
    }

    public boolean alive() {
        return child ? process != null && process.isAlive() : daemon != null;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs (child JVM only). */
    public void kill9() throws InterruptedException {
        requireChild("kill -9");
        process.kill();
    }

    /** SIGTERM, as systemd stops it (child JVM), or {@link Daemon#close()} (in process); returns the exit code. */
    public int terminate() throws Exception {
        if (!child) {
            stop();
            return 0;
        }
        return signal("TERM");
    }

    /** Sends a signal ({@code "HUP"}, {@code "TERM"}...) with kill(1) and returns the exit code (child JVM only). */
    public int signal(String name) throws Exception {
        requireChild("kill -" + name);
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        return process.await(Duration.ofSeconds(30));
    }

    /** Waits for the child JVM to end by itself (it stopped on its own) and returns its exit code. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        requireChild("waiting for the exit");
        return process.await(atMost);
    }

    /** The daemon in process (in-process mode only). */
    public Daemon daemon() {
        if (child || daemon == null) {
            throw new IllegalStateException("no daemon running in this process");
        }
        return daemon;
    }

    /** Reads the bucket with the emulator's keys, at the configured endpoint. */
    public RemoteObjects remote() throws IOException {
        if (remote == null) {
            writeConfig();
            remote = new RemoteObjects(config.endpoint(), EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID,
                    EmulatorExtension.ACCESS_KEY_SECRET);
        }
        return remote;
    }

    // ---- what it said and did ------------------------------------------------------------------

    /** The lines of the current (last) run's log; in process, {@code "LEVEL message"}. */
    public List<String> logLines() throws IOException {
        if (!child) {
            if (events == null) {
                return List.of();
            }
            return logLinesOf(events);
        }
        return logs.isEmpty() ? List.of() : Files.readAllLines(logs.get(logs.size() - 1));
    }

    /** The current run's log as one text. */
    public String log() throws IOException {
        return String.join("\n", logLines());
    }

    /** The logs of every run so far, oldest first (child JVM). */
    public String allLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path log : logs) {
            all.append(Files.readString(log));
        }
        return all.toString();
    }

    /**
     * The port of {@code /metrics} and {@code /health} (configure {@code metrics: {listen: 127.0.0.1:0}}):
     * asked of the daemon in process, read from its start-up line in a child JVM.
     */
    public int metricsPort() throws IOException {
        if (!child) {
            return daemon().metricsPort().orElseThrow();
        }
        Matcher m = METRICS_PORT.matcher(log());
        if (!m.find()) {
            throw new IllegalStateException("no metrics line in the log: configure metrics.listen");
        }
        return Integer.parseInt(m.group(1));
    }

    /** GET of the daemon's metrics port ({@code "/health"}, {@code "/metrics"}), its body as text. */
    public HttpResponse<String> httpGet(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + metricsPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public void awaitLog(String fragment, Duration atMost) {
        Awaitility.await("log line containing " + fragment).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> log().contains(fragment));
    }

    /** Waits until the object exists in the emulator's bucket and its content has this SHA-256. */
    public void awaitObject(String key, String sha256, Duration atMost) throws IOException {
        RemoteObjects objects = remote();
        Awaitility.await("object " + key).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> objects.exists(EmulatorExtension.BUCKET, key)
                        && objects.sha256(EmulatorExtension.BUCKET, key).equals(sha256));
    }

    // ---- internals ------------------------------------------------------------------------------

    /** Stops whatever runs: the in-process daemon closed, a child killed. */
    private void stop() throws Exception {
        if (daemon != null) {
            try {
                daemon.close();
            } finally {
                daemon = null;
                root().detachAppender(events);
                Files.write(logs.get(logs.size() - 1), logLinesOf(events));
            }
        }
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private static List<String> logLinesOf(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {   // the appender appends under its own lock
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    private void requireChild(String what) {
        if (!child || process == null) {
            throw new IllegalStateException(what + " needs a running child JVM");
        }
    }

    private void keepLogs(Path keep) throws IOException {
        Files.createDirectories(keep);
        for (Path log : logs) {
            if (Files.exists(log)) {
                Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * The production logging setup (format, OSSYNC_LOG_LEVEL), not the tests' logback-test.xml: the
     * operators' file, which LogSetupTest keeps equal to the jar's in-code configuration.
     */
    private static String productionLogback() {
        return Path.of("conf/logback.xml").toAbsolutePath().toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
