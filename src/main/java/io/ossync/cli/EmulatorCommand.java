package io.ossync.cli;

import io.ossync.emulator.EmulatorConfig;
import io.ossync.emulator.OssEmulator;
import io.ossync.emulator.StsConfig;
import io.ossync.util.DurationParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ossync emulator}: runs the strict OSS-compatible emulator in the foreground until SIGTERM
 * or SIGINT. Keys come from the environment, as for the daemon, and never appear in output.
 */
@Command(name = "emulator",
        mixinStandardHelpOptions = true,
        // The first line stands alone in "ossync --help": it must be a whole sentence.
        description = {
                "Runs a strict OSS-compatible server on 127.0.0.1 for tests, benchmarks and demos.",
                "It checks V4 signatures and OSS part rules, answers with OSS XML errors, and",
                "runs until SIGTERM/SIGINT. Keys from the environment: OSS_ACCESS_KEY_ID and",
                "OSS_ACCESS_KEY_SECRET (required), OSS_SESSION_TOKEN (optional: requests must",
                "then carry it).",
                "Addressing: path-style http://127.0.0.1:PORT/bucket/key, or virtual-hosted",
                "with Host: bucket.<any name>:PORT (IP literals and localhost: path-style).",
                "With --sts-lifetime it also issues temporary (STS) keys on the same port: the",
                "credentials URI GET /sts/credentials, the ECS metadata paths PUT /latest/api/token",
                "and GET /latest/meta-data/ram/security-credentials/[ROLE], and POST",
                "/?Action=AssumeRoleWithOIDC; an issued key needs its x-oss-security-token and is",
                "refused with 403 SecurityTokenExpired after its lifetime. --sts-tls adds an HTTPS",
                "port for the STS API, which credentials-java only calls over https.",
                "Prints 'listening on http://127.0.0.1:PORT' once it accepts requests."})
public final class EmulatorCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 9000;
    static final String DEFAULT_BUCKET = "demo";

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder holding buckets, objects and open uploads (created if missing; kept across restarts).")
    Path data;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + DEFAULT_PORT,
            description = "TCP port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "A bucket to serve, created if missing (repeatable). Folders already under DIR are buckets "
                    + "too. With none given and none on disk, the bucket '" + DEFAULT_BUCKET + "' is created.")
    List<String> buckets = new ArrayList<>();

    @Option(names = "--region", paramLabel = "R", defaultValue = "cn-hangzhou",
            description = "Region that V4 signatures must name (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--sts-lifetime", paramLabel = "DURATION",
            description = "Issue temporary keys that live DURATION (e.g. 20s, 15m, 1h); off when not given.")
    String stsLifetime;

    @Option(names = "--sts-role", paramLabel = "NAME", defaultValue = StsConfig.DEFAULT_ROLE,
            description = "RAM role name the ECS metadata paths serve (default: ${DEFAULT-VALUE}).")
    String stsRole;

    @Option(names = "--sts-require-imds-token",
            description = "ECS metadata GETs need an X-aliyun-ecs-metadata-token (security hardening mode).")
    boolean stsRequireImdsToken;

    @Option(names = "--sts-tls",
            description = "Also serve HTTPS on a second port with a throw-away certificate (credentials-java calls "
                    + "AssumeRoleWithOIDC over https only); prints the port and the PKCS12 file to trust.")
    boolean stsTls;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    public EmulatorCommand() {
        this(System.getenv());
    }

    EmulatorCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        String accessKeyId = environment.get("OSS_ACCESS_KEY_ID");
        String accessKeySecret = environment.get("OSS_ACCESS_KEY_SECRET");
        if (isBlank(accessKeyId) || isBlank(accessKeySecret)) {
            throw new CommandFailedException(ExitCodes.CONFIG,
                    "emulator: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET in the environment");
        }
        String token = environment.get("OSS_SESSION_TOKEN");
        if (port < 0 || port > 65535) {
            throw new CommandFailedException(ExitCodes.USAGE, "emulator: --port must be 0..65535, got " + port);
        }
        prepareDataFolder();
        List<String> served = buckets.isEmpty() && !hasBucketFolders() ? List.of(DEFAULT_BUCKET) : buckets;
        EmulatorConfig config = new EmulatorConfig(data, port, served, region, accessKeyId, accessKeySecret,
                isBlank(token) ? null : token, stsConfig());
        OssEmulator emulator = start(config);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("listening on " + emulator.endpoint());
        emulator.sts().ifPresent(sts -> {
            out.println("sts credentials uri " + sts.credentialsUri());
            sts.tlsEndpoint().ifPresent(https -> out.println("sts https endpoint " + https + " (trust "
                    + sts.trustStore().orElseThrow() + ", PKCS12, no password)"));
        });
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** The STS options as a config, or null when --sts-lifetime was not given (they need it). */
    private StsConfig stsConfig() {
        if (stsLifetime == null) {
            if (stsRequireImdsToken || stsTls || !StsConfig.DEFAULT_ROLE.equals(stsRole)) {
                throw new CommandFailedException(ExitCodes.USAGE, "emulator: --sts-role, --sts-require-imds-token "
                        + "and --sts-tls need --sts-lifetime");
            }
            return null;
        }
        try {
            return new StsConfig(DurationParser.parse(stsLifetime), stsRole, stsRequireImdsToken, stsTls);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCodes.USAGE, "emulator: --sts-lifetime/--sts-role: " + e.getMessage());
        }
    }

    private OssEmulator start(EmulatorConfig config) {
        try {
            return OssEmulator.start(config);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCodes.USAGE, "emulator: " + e.getMessage());
        } catch (IOException e) {
            if (hasCause(e, BindException.class)) {
                throw new CommandFailedException(ExitCodes.FAILURE,
                        "emulator: port " + port + " on 127.0.0.1 is in use (try another --port, or 0)");
            }
            throw new CommandFailedException(ExitCodes.FAILURE, "emulator: cannot start: " + e.getMessage());
        }
    }

    private void prepareDataFolder() {
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new CommandFailedException(ExitCodes.FAILURE,
                    "emulator: cannot create the data folder " + data + " (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isWritable(data)) {
            throw new CommandFailedException(ExitCodes.FAILURE, "emulator: the data folder " + data + " is not writable");
        }
    }

    private boolean hasBucketFolders() {
        try {
            return OssEmulator.hasBuckets(data);
        } catch (IOException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, "emulator: cannot read the data folder " + data);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
