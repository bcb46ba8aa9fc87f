package io.ossync.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.util.DurationParser;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the parsed YAML tree into a {@link DaemonConfig}, checking every key and recording every
 * problem (see {@link YamlSection}); the records are built only when there is none. Relative paths
 * are resolved against the configuration file's folder, so a service started from any working
 * directory reads the same files. One binder serves one load.
 */
final class ConfigBinder {

    private static final Set<String> TOP_KEYS = Set.of("target", "state", "watches", "upload",
            "rescan-interval", "shutdown-timeout", "orphan-age", "metrics");
    private static final Set<String> TARGET_KEYS = Set.of("endpoint", "region", "bucket");
    private static final Set<String> WATCH_KEYS = Set.of("path", "prefix", "include", "exclude", "quiet-period",
            "after-upload", "mirror-deletes", "follow-symlinks", "storage-class", "server-side-encryption");
    private static final Set<String> UPLOAD_KEYS = Set.of("part-size", "routines", "workers", "max-bandwidth");
    private static final Set<String> METRICS_KEYS = Set.of("listen");

    private final EnvExpander env;
    private final Supplier<String> hostname;
    private final FolderChecks folderChecks;
    private final ConfigProblems problems;
    private final Path source;
    private final Path baseDir;

    /** @param hostname the value of {@code {hostname}}; asked for each prefix that uses it */
    ConfigBinder(EnvExpander env, Supplier<String> hostname, FolderChecks folderChecks, ConfigProblems problems, Path source) {
        this.env = env;
        this.hostname = hostname;
        this.folderChecks = folderChecks;
        this.problems = problems;
        this.source = source.toAbsolutePath().normalize();
        this.baseDir = this.source.getParent();
    }

    /** The configuration, or empty when any error was recorded. */
    Optional<DaemonConfig> bind(JsonNode root) {
        return YamlSection.root(root, env, problems).flatMap(this::bindRoot);
    }

    private Optional<DaemonConfig> bindRoot(YamlSection top) {
        top.rejectUnknownKeys(TOP_KEYS);
        Optional<TargetConfig> target = top.section("target").flatMap(this::target);
        if (!top.has("target")) {
            problems.error("target", "required (endpoint, region and bucket)");
        }
        Path state = top.parsed("state", this::path).orElse(DaemonConfig.DEFAULT_STATE);
        List<WatchConfig> watches = new ArrayList<>();
        List<FolderChecks.Folder> folders = new ArrayList<>();
        int beforeWatches = problems.errorCount();
        List<YamlSection> watchSections = top.sections("watches");
        if (!top.has("watches")) {
            problems.error("watches", "required: at least one watched folder");
        } else if (watchSections.isEmpty() && problems.errorCount() == beforeWatches) {
            problems.error("watches", "empty: at least one watched folder");
        }
        for (YamlSection w : watchSections) {
            watch(w, folders).ifPresent(watches::add);
        }
        UploadConfig upload = top.section("upload").flatMap(this::upload).orElse(UploadConfig.DEFAULTS);
        Duration rescan = duration(top, "rescan-interval", DaemonConfig.DEFAULT_RESCAN_INTERVAL, Duration.ofSeconds(1));
        Duration shutdown = duration(top, "shutdown-timeout", DaemonConfig.DEFAULT_SHUTDOWN_TIMEOUT, Duration.ZERO);
        Duration orphanAge = duration(top, "orphan-age", DaemonConfig.DEFAULT_ORPHAN_AGE, Duration.ZERO);
        Optional<MetricsConfig> metrics = top.section("metrics").flatMap(this::metrics);
        folderChecks.check(folders, "state", state, problems);
        if (problems.errorCount() > 0 || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DaemonConfig(source, target.get(), state, watches, upload, rescan, shutdown, orphanAge, metrics));
    }

    private Optional<TargetConfig> target(YamlSection t) {
        t.rejectUnknownKeys(TARGET_KEYS);
        int before = problems.errorCount();
        Optional<String> endpoint = t.required("endpoint", this::endpoint);
        boolean embedded = endpoint.filter(TargetConfig.EMBEDDED::equals).isPresent();
        Optional<String> region = embedded
                ? Optional.of(t.parsed("region", ConfigBinder::region).orElse(TargetConfig.EMBEDDED_DEFAULT_REGION))
                : t.required("region", ConfigBinder::region);
        Optional<String> bucket = t.required("bucket", ConfigBinder::bucket);
        endpoint.filter(e -> !embedded).ifPresent(e -> warnPlainHttp(t.pathOf("endpoint"), e));
        if (problems.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new TargetConfig(endpoint.orElseThrow(), region.orElseThrow(), bucket.orElseThrow()));
    }

    private Optional<WatchConfig> watch(YamlSection w, List<FolderChecks.Folder> folders) {
        w.rejectUnknownKeys(WATCH_KEYS);
        int before = problems.errorCount();
        Optional<Path> path = w.required("path", this::path);
        KeyTemplate prefix = w.has("prefix") ? w.parsed("prefix", this::prefix).orElse(null) : KeyTemplate.parse("", "");
        PathFilter filter = filter(w);
        Duration quiet = duration(w, "quiet-period", WatchConfig.DEFAULT_QUIET_PERIOD, Duration.ZERO);
        AfterUpload after = w.parsed("after-upload", AfterUpload::fromConfigName).orElse(AfterUpload.KEEP);
        boolean mirrorDeletes = w.flag("mirror-deletes", false);
        boolean followSymlinks = w.flag("follow-symlinks", false);
        StorageClass storageClass = w.parsed("storage-class", StorageClass::fromOssName).orElse(StorageClass.STANDARD);
        ServerSideEncryption sse = w.parsed("server-side-encryption", ServerSideEncryption::fromName)
                .orElse(ServerSideEncryption.NONE);
        if (after == AfterUpload.DELETE && mirrorDeletes) {
            problems.error(w.pathOf("mirror-deletes"), "cannot be true with after-upload: delete "
                    + "(deleting the uploaded file would then delete its object)");
        }
        path.ifPresent(p -> folders.add(new FolderChecks.Folder(w.pathOf("path"), p, after)));
        if (prefix != null && !prefix.template().isEmpty() && !prefix.template().endsWith("/")) {
            problems.warning(w.pathOf("prefix"), "\"" + prefix.template() + "\" does not end with \"/\": "
                    + "keys will be like \"" + prefix.template() + "a.log\"");
        }
        if (problems.errorCount() > before || prefix == null || filter == null) {
            return Optional.empty();
        }
        return Optional.of(new WatchConfig(path.orElseThrow(), prefix, filter, quiet, after, mirrorDeletes,
                followSymlinks, storageClass, sse));
    }

    private PathFilter filter(YamlSection w) {
        List<String> includes = globs(w, "include");
        List<String> excludes = globs(w, "exclude");
        return includes == null || excludes == null ? null : PathFilter.of(includes, excludes);
    }

    /** The patterns of a list, each checked; null when any is malformed (recorded). */
    private List<String> globs(YamlSection w, String key) {
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (YamlSection.Scalar s : w.strings(key)) {
            ok &= w.parse(s, GlobPattern::compile).isPresent();
            out.add(s.value());
        }
        return ok ? out : null;
    }

    private Optional<UploadConfig> upload(YamlSection u) {
        u.rejectUnknownKeys(UPLOAD_KEYS);
        UploadConfig d = UploadConfig.DEFAULTS;
        OptionalLong partSize = u.parsed("part-size", ConfigBinder::partSize).orElse(d.partSize());
        int routines = u.integer("routines", d.routines(), 1, UploadConfig.MAX_ROUTINES);
        int workers = u.integer("workers", d.workers(), 1, UploadConfig.MAX_WORKERS);
        long bandwidth = u.parsed("max-bandwidth", ConfigBinder::bandwidth).orElse(d.maxBandwidth());
        return Optional.of(new UploadConfig(partSize, routines, workers, bandwidth));
    }

    private Optional<MetricsConfig> metrics(YamlSection m) {
        m.rejectUnknownKeys(METRICS_KEYS);
        return m.required("listen", ConfigBinder::listen);
    }

    private Duration duration(YamlSection s, String key, Duration fallback, Duration min) {
        return s.parsed(key, text -> {
            Duration d = DurationParser.parse(text);
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("must be at least " + min.toMillis() + "ms, got \"" + text + "\"");
            }
            return d;
        }).orElse(fallback);
    }

    private Path path(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        if (t.startsWith("~")) {
            throw new IllegalArgumentException("\"~\" is not expanded in \"" + text + "\" (write the absolute path, or ${HOME}/...)");
        }
        try {
            Path p = Path.of(t);
            return (p.isAbsolute() ? p : baseDir.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path \"" + text + "\": " + e.getReason());
        }
    }

    private KeyTemplate prefix(String text) {
        String host = text.contains("{hostname}") ? hostname() : "";
        return KeyTemplate.parse(text, host);
    }

    private String hostname() {
        String name = hostname.get();
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("{hostname} is used but this machine's host name is unusable: \""
                    + name + "\"");
        }
        return name;
    }

    private String endpoint(String text) {
        String e = text.strip();
        if (e.equals(TargetConfig.EMBEDDED)) {
            return e;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(e);
        } catch (java.net.URISyntaxException ex) {
            throw new IllegalArgumentException("invalid endpoint URL: " + ex.getReason());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new IllegalArgumentException("endpoint must start with https:// or http:// (or be \"embedded\"), got \""
                    + text + "\" (e.g. https://oss-cn-hangzhou.aliyuncs.com)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must not carry a user or password (credentials come from the environment)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint has no host name: \"" + text + "\"");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must be a scheme and host only (no path or query), got \"" + text + "\"");
        }
        return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }

    private void warnPlainHttp(String keyPath, String endpoint) {
        java.net.URI uri = java.net.URI.create(endpoint);
        String host = uri.getHost();
        boolean local = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        if (uri.getScheme().equals("http") && !local) {
            problems.warning(keyPath, "plain http: file contents travel unencrypted (use https://)");
        }
    }

    private static String region(String text) {
        String r = text.strip();
        if (r.startsWith("oss-")) {
            throw new IllegalArgumentException("region is the id without \"oss-\", e.g. \"" + r.substring(4) + "\", got \"" + text + "\"");
        }
        if (!r.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("invalid region \"" + text + "\" (e.g. cn-hangzhou)");
        }
        return r;
    }

    /** OSS bucket names: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit. */
    static String bucket(String text) {
        String b = text.strip();
        if (b.length() < 3 || b.length() > 63) {
            throw new IllegalArgumentException("bucket name \"" + text + "\" must be 3 to 63 characters long");
        }
        if (!b.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bucket name \"" + text + "\" may hold only lowercase letters, digits and hyphens");
        }
        if (b.startsWith("-") || b.endsWith("-")) {
            throw new IllegalArgumentException("bucket name \"" + text + "\" must start and end with a letter or digit");
        }
        return b;
    }

    private static OptionalLong partSize(String text) {
        if (text.strip().equals("auto")) {
            return OptionalLong.empty();
        }
        long size = ConfigSizes.parse(text);
        if (size < UploadConfig.MIN_PART_SIZE || size > UploadConfig.MAX_PART_SIZE) {
            throw new IllegalArgumentException("part size \"" + text + "\" must be auto or from 100KiB to 5GiB (OSS limits)");
        }
        return OptionalLong.of(size);
    }

    private static long bandwidth(String text) {
        String t = text.strip();
        return ConfigSizes.parse(t.endsWith("/s") ? t.substring(0, t.length() - 2) : t);
    }

    private static MetricsConfig listen(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(t.substring(colon + 1));
            if (!host.isEmpty() && colon > 0 && port >= 0 && port <= 65535) {
                return new MetricsConfig(host, port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected host:port (e.g. 127.0.0.1:9464 or [::1]:9464), got \"" + text + "\"");
    }
}
