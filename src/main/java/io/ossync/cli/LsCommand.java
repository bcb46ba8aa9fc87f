package io.ossync.cli;

import io.ossync.config.ConfigException;
import io.ossync.config.ConfigLoader;
import io.ossync.config.CredentialsSetting;
import io.ossync.config.CredentialsSource;
import io.ossync.config.DaemonConfig;
import io.ossync.config.HostName;
import io.ossync.config.MissingFolders;
import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStore.ListedObject;
import io.ossync.store.ObjectStore.ObjectInfo;
import io.ossync.store.ObjectStore.ObjectPage;
import io.ossync.store.OssEndpoint;
import io.ossync.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ossync ls oss://BUCKET[/PREFIX] [--endpoint URL] [--region R] [--json] [--crc]}, or
 * {@code ossync ls --config FILE [oss://BUCKET[/PREFIX]]} for the configured target (the whole
 * configured bucket when no URL is given; the demo's {@code embedded} bucket too, read through a
 * read-only emulator while the daemon runs, see {@link ReadOnlyTarget}).
 *
 * <p>Every object under the prefix (no delimiter: "folders" are not collapsed), in key order, page
 * after page (ListObjectsV2, 1000 a page), printed as each page arrives: memory stays one page.
 *
 * <p>Text: {@code LAST-MODIFIED SIZE STORAGE-CLASS CRC64 KEY}, one object a line, the key last (it
 * may hold spaces), {@code -} for a value not known. JSON: one object per line (JSON Lines, so a
 * million keys stream): {@code {"key":..,"size":..,"last_modified":"2026-12-08T01:02:03Z",
 * "storage_class":"Standard","etag":"\"...\"","crc64":"1234"}}, {@code crc64} (unsigned decimal,
 * as a string: it does not fit a JSON number's safe range) null when not known.
 *
 * <p>CRC-64 is known only with {@code --crc}: a listing carries none, so each object is HEADed
 * (16 at a time, in key order); the ledger is not used, since it is indexed by local path, not by
 * key, and says what was uploaded rather than what is there. Exit 0; 1 when the store refuses
 * (no such bucket, access denied...); 2 on bad usage; 78 on an invalid configuration.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists the objects under oss://BUCKET/PREFIX (or the configured bucket): key, size, "
                + "last-modified, storage class, and CRC-64 with --crc.")
public final class LsCommand implements Callable<Integer> {

    private static final int HEADS_AT_ONCE = 16;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "oss://BUCKET/PREFIX",
            description = "What to list (with --config: default the configured bucket).")
    String url;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "List the target of this configuration (its endpoint, region, credentials; embedded too).")
    Path config;

    @Option(names = "--endpoint", paramLabel = "URL", description = "OSS endpoint with scheme (default: $OSS_ENDPOINT).")
    String endpoint;

    @Option(names = "--region", paramLabel = "R", description = "Region for signature V4 (default: $OSS_REGION).")
    String region;

    @Option(names = "--credentials", paramLabel = "SOURCE", defaultValue = "auto",
            description = "Where credentials come from, as for upload (default: ${DEFAULT-VALUE}).")
    String credentialsSource;

    @Option(names = "--json", description = "One JSON object per object, one per line.")
    boolean json;

    @Option(names = "--crc", description = "Also HEAD each object for its CRC-64 (one request per object).")
    boolean crc;

    /** Keys per listing request; only tests want fewer than OSS's maximum. */
    @Option(names = "--page-size", hidden = true, defaultValue = "1000")
    int pageSize;

    private final Map<String, String> env;

    public LsCommand() {
        this(System.getenv());
    }

    public LsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (pageSize < 1 || pageSize > 1000) {
            throw new CommandFailedException(ExitCodes.USAGE, "--page-size must be between 1 and 1000, got " + pageSize);
        }
        if (config == null && url == null) {
            throw new CommandFailedException(ExitCodes.USAGE, "give oss://BUCKET/PREFIX, or --config FILE");
        }
        if (config != null && (endpoint != null || region != null)) {
            throw new CommandFailedException(ExitCodes.USAGE, "--endpoint and --region come from the configuration "
                    + "with --config; give one or the other");
        }
        OssUrl scope = url == null ? null : usage(() -> OssUrl.parsePrefix(url));
        ReadOnlyTarget target;
        String bucket;
        if (config != null) {
            DaemonConfig cfg;
            try {
                cfg = new ConfigLoader(env, HostName::ofThisMachine, MissingFolders.WARN).load(config).config();
            } catch (ConfigException e) {
                ConfigProblemPrinter.print(spec.commandLine().getErr(), config, "", e.errors());
                return ExitCodes.CONFIG;
            }
            bucket = scope == null ? cfg.target().bucket() : scope.bucket();
            target = ReadOnlyTarget.of(cfg, env);
        } else {
            CredentialsSetting setting = usage(() -> CredentialsSetting.of(
                    CredentialsSource.fromConfigName(credentialsSource)));
            OssEndpoint ep = usage(() -> OssEndpoint.parse(orEnv(endpoint, "OSS_ENDPOINT", "--endpoint"),
                    orEnv(region, "OSS_REGION", "--region"), false));
            bucket = scope.bucket();
            target = ReadOnlyTarget.remote(ep, setting, env);
        }
        String prefix = scope == null ? "" : scope.key();
        try (target) {
            list(target.store(), bucket, prefix, spec.commandLine().getOut());
        } catch (StoreException e) {
            throw new CommandFailedException(ExitCodes.FAILURE, e.getMessage());
        }
        return ExitCodes.OK;
    }

    private void list(ObjectStore store, String bucket, String prefix, PrintWriter out) throws InterruptedException {
        ExecutorService heads = crc ? Executors.newFixedThreadPool(HEADS_AT_ONCE, r -> {
            Thread t = new Thread(r, "ls-head");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            String token = null;
            do {
                ObjectPage page = store.listObjects(bucket, prefix, token, pageSize);
                List<OptionalLong> crcs = crc ? crcs(store, bucket, page.objects(), heads) : null;
                for (int i = 0; i < page.objects().size(); i++) {
                    ListedObject o = page.objects().get(i);
                    OptionalLong c = crcs == null ? OptionalLong.empty() : crcs.get(i);
                    out.println(json ? LsLines.json(o, c) : LsLines.text(o, c));
                }
                out.flush();
                token = page.nextToken();
            } while (token != null);
        } finally {
            if (heads != null) {
                heads.shutdownNow();
            }
        }
    }

    /** The CRC-64 of each object of a page, by HEAD, in the page's order (empty when gone or none). */
    private static List<OptionalLong> crcs(ObjectStore store, String bucket, List<ListedObject> objects,
                                           ExecutorService heads) throws InterruptedException {
        List<Future<Optional<ObjectInfo>>> answers = new ArrayList<>(objects.size());
        for (ListedObject o : objects) {
            answers.add(heads.submit(() -> store.headObject(bucket, o.key())));
        }
        List<OptionalLong> crcs = new ArrayList<>(objects.size());
        for (Future<Optional<ObjectInfo>> answer : answers) {
            try {
                crcs.add(answer.get().map(ObjectInfo::crc64).orElse(OptionalLong.empty()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return crcs;
    }

    private String orEnv(String value, String variable, String option) {
        String v = value != null ? value : env.get(variable);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no " + option.substring(2) + ": give " + option + " or set " + variable
                    + " (or --config FILE)");
        }
        return v;
    }

    private static <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
