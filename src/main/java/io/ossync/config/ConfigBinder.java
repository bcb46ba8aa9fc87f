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

    static final Set<String> TOP_KEYS = Set.of("target", "state", "watches", "upload",
            "rescan-interval", "shutdown-timeout", "orphan-age", "metrics");
    static final Set<String> TARGET_KEYS = Set.of("endpoint", "region", "bucket", "credentials");
    static final Set<String> CREDENTIALS_KEYS = Set.of("source", "role", "uri", "name", "sts-endpoint");
    static final Set<String> WATCH_KEYS = Set.of("path", "prefix", "include", "exclude", "quiet-period",
            "after-upload", "mirror-deletes", "follow-symlinks", "storage-class", "server-side-encryption", "max-delete",
            "max-delay", "append-only");
    static final Set<String> UPLOAD_KEYS = Set.of("part-size", "routines", "workers", "max-bandwidth");
    static final Set<String> METRICS_KEYS = Set.of("listen");

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
        List<PrefixChecks.Prefix> prefixes = new ArrayList<>();
        int beforeWatches = problems.errorCount();
        List<YamlSection> watchSections = top.sections("watches");
        if (!top.has("watches")) {
            problems.error("watches", "required: at least one watched folder");
        } else if (watchSections.isEmpty() && problems.errorCount() == beforeWatches) {
            problems.error("watches", "empty: at least one watched folder");
        }
        for (YamlSection w : watchSections) {
            watch(w, folders, prefixes).ifPresent(watches::add);
        }
        UploadConfig upload = top.section("upload").flatMap(this::upload).orElse(UploadConfig.DEFAULTS);
        Duration rescan = duration(top, "rescan-interval", DaemonConfig.DEFAULT_RESCAN_INTERVAL, Duration.ofSeconds(1));
        Duration shutdown = duration(top, "shutdown-timeout", DaemonConfig.DEFAULT_SHUTDOWN_TIMEOUT, Duration.ZERO);
        Duration orphanAge = duration(top, "orphan-age", DaemonConfig.DEFAULT_ORPHAN_AGE, Duration.ZERO);
        Optional<MetricsConfig> metrics = top.section("metrics").flatMap(this::metrics);
        folderChecks.check(folders, "state", state, problems);
        PrefixChecks.check(prefixes, problems);
        if (problems.errorCount() > 0 || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DaemonConfig(source, target.get(), state, watches, upload, rescan, !top.has("rescan-interval"),
                shutdown, orphanAge, metrics));
    }

    private Optional<TargetConfig> target(YamlSection t) {
        t.rejectUnknownKeys(TARGET_KEYS);
        int before = problems.errorCount();
        Optional<String> endpoint = t.required("endpoint", ConfigValues::endpoint);
        boolean embedded = endpoint.filter(TargetConfig.EMBEDDED::equals).isPresent();
        Optional<String> region = embedded
                ? Optional.of(t.parsed("region", ConfigValues::region).orElse(TargetConfig.EMBEDDED_DEFAULT_REGION))
                : t.required("region", ConfigValues::region);
        Optional<String> bucket = t.required("bucket", ConfigValues::bucket);
        endpoint.filter(e -> !embedded).ifPresent(e -> warnPlainHttp(t.pathOf("endpoint"), e));
        CredentialsSetting credentials = new CredentialsBinder(problems).bind(t);
        if (problems.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new TargetConfig(endpoint.orElseThrow(), region.orElseThrow(), bucket.orElseThrow(),
                credentials));
    }

    private Optional<WatchConfig> watch(YamlSection w, List<FolderChecks.Folder> folders,
                                        List<PrefixChecks.Prefix> prefixes) {
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
        DeleteLimit maxDelete = w.parsed("max-delete", DeleteLimit::parse).orElse(DeleteLimit.DEFAULT);
        Duration maxDelay = duration(w, "max-delay", Duration.ZERO, Duration.ZERO);
        boolean appendOnly = w.flag("append-only", false);
        if (!maxDelay.isZero() && maxDelay.compareTo(quiet) <= 0) {
            // A file would then be released by max-delay before it could ever count as quiet.
            problems.error(w.pathOf("max-delay"), written(w, "max-delay", "") + " must be longer than quiet-period "
                    + written(w, "quiet-period", "2s (default)") + ", or 0 for off: else the quiet period never "
                    + "decides anything");
        }
        if (quiet.isZero()) {
            problems.warning(w.pathOf("quiet-period"), "0s: a file is uploaded as soon as it is seen, so a file "
                    + "still being written may be uploaded half-written"
                    + (after == AfterUpload.DELETE ? " and then deleted" : "")
                    + "; keep it longer than the writers' pauses");
        }
        if (after == AfterUpload.DELETE && mirrorDeletes) {
            problems.error(w.pathOf("mirror-deletes"), "cannot be true with after-upload: delete "
                    + "(deleting the uploaded file would then delete its object)");
        }
        path.ifPresent(p -> folders.add(new FolderChecks.Folder(w.pathOf("path"), p, after)));
        if (prefix != null) {
            path.ifPresent(p -> prefixes.add(new PrefixChecks.Prefix(w.pathOf("prefix"), prefix, p)));
        }
        if (prefix != null && !prefix.template().isEmpty() && !prefix.template().endsWith("/")) {
            problems.warning(w.pathOf("prefix"), "\"" + prefix.template() + "\" does not end with \"/\": "
                    + "keys will be like \"" + prefix.template() + "a.log\"");
        }
        if (problems.errorCount() > before || prefix == null || filter == null) {
            return Optional.empty();
        }
        return Optional.of(new WatchConfig(path.orElseThrow(), prefix, filter, quiet, after, mirrorDeletes,
                followSymlinks, storageClass, sse, maxDelete, maxDelay, appendOnly));
    }

    /** The value of {@code key} as the file gives it (expanded), for messages. */
    private static String written(YamlSection s, String key, String fallback) {
        return s.scalar(key).map(YamlSection.Scalar::value).map(String::strip).orElse(fallback);
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
        OptionalLong partSize = u.parsed("part-size", ConfigValues::partSize).orElse(d.partSize());
        int routines = u.integer("routines", d.routines(), 1, UploadConfig.MAX_ROUTINES);
        int workers = u.integer("workers", d.workers(), 1, UploadConfig.MAX_WORKERS);
        long bandwidth = u.parsed("max-bandwidth", ConfigValues::bandwidth).orElse(d.maxBandwidth());
        return Optional.of(new UploadConfig(partSize, routines, workers, bandwidth));
    }

    private Optional<MetricsConfig> metrics(YamlSection m) {
        m.rejectUnknownKeys(METRICS_KEYS);
        return m.required("listen", ConfigValues::listen);
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

    private void warnPlainHttp(String keyPath, String endpoint) {
        if (ConfigValues.plainHttpToAnotherHost(endpoint)) {
            problems.warning(keyPath, "plain http: file contents travel unencrypted (use https://)");
        }
    }

}
