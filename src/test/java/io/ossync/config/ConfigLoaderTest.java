package io.ossync.config;

import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    @TempDir
    Path dir;
    Path inbox;
    Path logs;

    @BeforeEach
    void folders() throws IOException {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        logs = Files.createDirectories(dir.resolve("logs"));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("etc/ossync.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static ConfigLoader loader(Map<String, String> env, MissingFolders mode) {
        return new ConfigLoader(env, () -> "web-1", mode);
    }

    private LoadedConfig load(String yaml) throws Exception {
        return loader(Map.of(), MissingFolders.ERROR).load(write(yaml));
    }

    private List<String> errors(String yaml) throws IOException {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of(), MissingFolders.ERROR).load(file));
        assertThat(e).as("expected a config error").isNotNull();
        return e.errors().stream().map(ConfigProblem::toString).toList();
    }

    private String minimal(String watchExtra) {
        return """
                target: { endpoint: https://oss-cn-hangzhou.aliyuncs.com, region: cn-hangzhou, bucket: my-bucket }
                state: %s
                watches:
                  - path: %s
                %s""".formatted(dir.resolve("state/state.db"), inbox, watchExtra.indent(4));
    }

    @Test
    void aFullConfigComesBackWithEveryValue() throws Exception {
        LoadedConfig loaded = load("""
                target: { endpoint: "https://oss-cn-shanghai.aliyuncs.com/", region: cn-shanghai, bucket: my-bucket-2 }
                state: %s
                watches:
                  - path: %s
                    prefix: "logs/{hostname}/{date:yyyy/MM/dd}/"
                    include: ["**/*.log", "**/*.gz"]
                    exclude: ["**/*.tmp"]
                    quiet-period: 500ms
                    after-upload: delete
                    mirror-deletes: false
                    follow-symlinks: true
                    storage-class: IA
                    server-side-encryption: KMS
                  - path: %s
                    prefix: inbox/
                upload: { part-size: 8MiB, routines: 6, workers: 3, max-bandwidth: 20MiB/s }
                rescan-interval: 1h30m
                shutdown-timeout: 45s
                orphan-age: 2d
                metrics: { listen: "127.0.0.1:9464" }
                """.formatted(dir.resolve("state/state.db"), logs, inbox));
        DaemonConfig c = loaded.config();
        assertThat(loaded.warnings()).extracting(ConfigProblem::path).containsExactly("state");
        assertThat(c.source()).isEqualTo(dir.resolve("etc/ossync.yaml"));
        assertThat(c.target()).isEqualTo(new TargetConfig("https://oss-cn-shanghai.aliyuncs.com", "cn-shanghai", "my-bucket-2"));
        assertThat(c.state()).isEqualTo(dir.resolve("state/state.db"));
        assertThat(c.watches()).hasSize(2);
        WatchConfig w = c.watches().get(0);
        assertThat(w.path()).isEqualTo(logs);
        assertThat(w.prefix().keyFor(Path.of("a", "b.log"), Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("logs/web-1/2026/01/02/a/b.log");
        assertThat(w.filter().includes()).containsExactly("**/*.log", "**/*.gz");
        assertThat(w.filter().excludes()).containsExactly("**/*.tmp");
        assertThat(w.filter().accepts("x/y.gz")).isTrue();
        assertThat(w.quietPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(w.afterUpload()).isEqualTo(AfterUpload.DELETE);
        assertThat(w.mirrorDeletes()).isFalse();
        assertThat(w.followSymlinks()).isTrue();
        assertThat(w.storageClass()).isEqualTo(StorageClass.IA);
        assertThat(w.serverSideEncryption()).isEqualTo(ServerSideEncryption.KMS);
        assertThat(c.upload()).isEqualTo(new UploadConfig(OptionalLong.of(8L << 20), 6, 3, 20L << 20));
        assertThat(c.rescanInterval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.rescanPaced()).as("an interval the operator set is kept as set").isFalse();
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.orphanAge()).isEqualTo(Duration.ofDays(2));
        assertThat(c.metrics()).contains(new MetricsConfig("127.0.0.1", 9464));
    }

    @Test
    void omittedKeysTakeTheirDocumentedDefaults() throws Exception {
        DaemonConfig c = load(minimal("")).config();
        WatchConfig w = c.watches().get(0);
        assertThat(w.prefix().template()).isEmpty();
        assertThat(w.filter()).isEqualTo(PathFilter.everything());
        assertThat(w.quietPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(w.afterUpload()).isEqualTo(AfterUpload.KEEP);
        assertThat(w.mirrorDeletes()).isFalse();
        assertThat(w.followSymlinks()).isFalse();
        assertThat(w.storageClass()).isEqualTo(StorageClass.STANDARD);
        assertThat(w.serverSideEncryption()).isEqualTo(ServerSideEncryption.NONE);
        assertThat(w.maxDelete()).isEqualTo(new DeleteLimit(50, true));
        assertThat(w.maxDelay()).isZero();
        assertThat(w.appendOnly()).isFalse();
        assertThat(c.upload()).isEqualTo(new UploadConfig(OptionalLong.empty(), 4, 2, 0));
        assertThat(c.rescanPaced()).as("the default interval is paced on a large tree").isTrue();
        assertThat(c.rescanInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.orphanAge()).isEqualTo(Duration.ofHours(24));
        assertThat(c.metrics()).isEmpty();
    }

    @Test
    void aTypoedKeyIsAnErrorWithASuggestion() throws Exception {
        assertThat(errors(minimal("quite-period: 2s")))
                .containsExactly("watches[0].quite-period: unknown key (did you mean quiet-period?)");
        assertThat(errors(minimal("quietPeriod: 2s")))
                .containsExactly("watches[0].quietPeriod: unknown key (did you mean quiet-period?)");
        assertThat(errors(minimal("") + "uplaod: {}\n"))
                .containsExactly("uplaod: unknown key (did you mean upload?)");
        assertThat(errors(minimal("colour: blue")).get(0))
                .startsWith("watches[0].colour: unknown key (expected one of: after-upload, append-only, exclude,");
    }

    @Test
    void aMissingFolderIsAnErrorForCheckConfigAndAWarningForTheDaemon() throws Exception {
        Files.delete(inbox);
        assertThat(errors(minimal(""))).containsExactly("watches[0].path: folder " + inbox + " does not exist");
        LoadedConfig forDaemon = loader(Map.of(), MissingFolders.WARN).load(write(minimal("")));
        assertThat(forDaemon.config().watches().get(0).path()).isEqualTo(inbox);
        assertThat(forDaemon.warnings()).map(ConfigProblem::toString)
                .contains("watches[0].path: folder " + inbox + " does not exist yet: waiting for it");
    }

    @Test
    void aNegativeDurationIsReportedAtItsKeyPath() throws Exception {
        assertThat(errors(minimal("quiet-period: -2s"))).containsExactly("watches[0].quiet-period: negative duration \"-2s\"");
        assertThat(errors(minimal("") + "rescan-interval: 0s\n"))
                .containsExactly("rescan-interval: must be at least 1000ms, got \"0s\"");
    }

    @Test
    void aBadSizeIsReportedAtItsKeyPath() throws Exception {
        assertThat(errors(minimal("") + "upload: { part-size: 50KiB }\n"))
                .containsExactly("upload.part-size: part size \"50KiB\" must be auto or from 100KiB to 5GiB (OSS limits)");
        assertThat(errors(minimal("") + "upload: { part-size: 6GiB }\n")).hasSize(1);
        assertThat(errors(minimal("") + "upload: { max-bandwidth: 20M }\n").get(0))
                .startsWith("upload.max-bandwidth: ambiguous size unit in \"20M\"");
    }

    @Test
    void aBadEnumValueNamesTheChoices() throws Exception {
        assertThat(errors(minimal("after-upload: move")))
                .containsExactly("watches[0].after-upload: unknown value \"move\" (expected keep or delete)");
        assertThat(errors(minimal("storage-class: Glacier")))
                .containsExactly("watches[0].storage-class: unknown storage class 'Glacier' (expected Standard, IA, Archive or ColdArchive)");
        assertThat(errors(minimal("server-side-encryption: SM4")).get(0)).startsWith("watches[0].server-side-encryption: unknown server-side encryption");
        assertThat(errors(minimal("mirror-deletes: yes")))
                .containsExactly("watches[0].mirror-deletes: expected true or false, got \"yes\"");
    }

    @Test
    void everyErrorIsReportedAtOnce() throws Exception {
        List<String> errors = errors("""
                target: { endpoint: oss-cn-hangzhou.aliyuncs.com, bucket: My_Bucket }
                state: %s
                watches:
                  - path: %s
                    quite-period: 2s
                    prefix: /logs/
                  - path: %s/missing
                    quiet-period: -2s
                    include: ["[abc"]
                  - just a string
                upload: { routines: 0, workers: 1000, part-size: huge }
                shutdown-timeout: forever
                metrics: { listen: 9464 }
                """.formatted(inbox.resolve("state.db"), inbox, dir));
        assertThat(errors).containsExactlyInAnyOrder(
                "target.endpoint: endpoint must start with https:// or http:// (or be \"embedded\"), got \"oss-cn-hangzhou.aliyuncs.com\" (e.g. https://oss-cn-hangzhou.aliyuncs.com)",
                "target.region: required",
                "target.bucket: bucket name \"My_Bucket\" may hold only lowercase letters, digits and hyphens",
                "watches[0].quite-period: unknown key (did you mean quiet-period?)",
                "watches[0].prefix: must not start with \"/\" (OSS keys have no leading slash): \"/logs/\"",
                "watches[1].quiet-period: negative duration \"-2s\"",
                "watches[1].include[0]: unclosed \"[\" in pattern \"[abc\"",
                "watches[1].path: folder " + dir.resolve("missing") + " does not exist",
                "watches[2]: expected a mapping, got \"just a string\"",
                "upload.routines: expected a whole number from 1 to 64, got \"0\"",
                "upload.workers: expected a whole number from 1 to 64, got \"1000\"",
                "upload.part-size: invalid size \"huge\" (e.g. 512KiB, 8MiB, 1GiB)",
                "shutdown-timeout: invalid duration \"forever\" (e.g. 500ms, 2s, 5m, 24h, 1h30m)",
                "metrics.listen: expected host:port (e.g. 127.0.0.1:9464 or [::1]:9464), got \"9464\"",
                "state: " + inbox.resolve("state.db") + " is inside watches[0].path (" + inbox
                        + "): the state database must lie outside every watched folder");
    }

    @Test
    void theExceptionMessageSummarisesTheFirstErrorAndCount() throws Exception {
        Path file = write(minimal("quiet-period: -1s\nafter-upload: x"));
        assertThatThrownBy(() -> loader(Map.of(), MissingFolders.ERROR).load(file))
                .hasMessage("config " + file + ": watches[0].quiet-period: negative duration \"-1s\" (and 1 more)");
    }

    @Test
    void environmentVariablesAreExpandedInValues() throws Exception {
        Path file = write("""
                target: { endpoint: "${OSS_ENDPOINT}", region: "${OSS_REGION:-cn-beijing}", bucket: "${OSS_BUCKET}" }
                state: ${STATE_DIR}/state.db
                watches:
                  - path: ${INBOX}
                    prefix: "${PREFIX:-in}/{hostname}/"
                upload: { workers: "${WORKERS}" }
                """);
        Map<String, String> env = Map.of("OSS_ENDPOINT", "https://oss-cn-beijing.aliyuncs.com", "OSS_BUCKET", "b-42",
                "STATE_DIR", dir.resolve("state").toString(), "INBOX", inbox.toString(), "WORKERS", "7");
        DaemonConfig c = loader(env, MissingFolders.ERROR).load(file).config();
        assertThat(c.target()).isEqualTo(new TargetConfig("https://oss-cn-beijing.aliyuncs.com", "cn-beijing", "b-42"));
        assertThat(c.state()).isEqualTo(dir.resolve("state/state.db"));
        assertThat(c.watches().get(0).path()).isEqualTo(inbox);
        assertThat(c.watches().get(0).prefix().prefixFor(Instant.EPOCH)).isEqualTo("in/web-1/");
        assertThat(c.upload().workers()).isEqualTo(7);
    }

    @Test
    void anUnsetVariableIsAnErrorAtTheKeyPathAndSecretValuesStayHidden() throws Exception {
        Path file = write(minimal("") + "upload: { workers: \"${OSS_ACCESS_KEY_SECRET}\", routines: \"${N}\" }\n"
                + "orphan-age: ${AGE}\n");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of("OSS_ACCESS_KEY_SECRET", "s3cr3t-value", "N", "lots"), MissingFolders.ERROR).load(file));
        assertThat(e.errors()).map(ConfigProblem::toString).containsExactlyInAnyOrder(
                "upload.workers: expected a whole number from 1 to 64, got \"${OSS_ACCESS_KEY_SECRET}\"",
                "upload.routines: expected a whole number from 1 to 64, got \"lots\" (from \"${N}\")",
                "orphan-age: environment variable AGE is not set (write ${AGE:-default} to give a default)");
        assertThat(e.getMessage()).doesNotContain("s3cr3t-value");
    }

    @Test
    void relativePathsAreResolvedAgainstTheConfigFilesFolder() throws Exception {
        Files.createDirectories(dir.resolve("etc/in"));
        DaemonConfig c = load("""
                target: { endpoint: embedded, bucket: demo-bucket }
                state: ../var/state.db
                watches:
                  - path: in
                """).config();
        assertThat(c.state()).isEqualTo(dir.resolve("var/state.db"));
        assertThat(c.watches().get(0).path()).isEqualTo(dir.resolve("etc/in"));
        assertThat(c.target().embedded()).isTrue();
        assertThat(c.target().region()).isEqualTo(TargetConfig.EMBEDDED_DEFAULT_REGION);
        assertThat(c.embeddedStorageRoot()).isEqualTo(dir.resolve("var"));
    }

    @Test
    void watchedFoldersMustNotOverlapEvenThroughASymlink() throws Exception {
        Path sub = Files.createDirectories(inbox.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), inbox);
        List<String> errors = errors(minimal("prefix: w0/") + """
                  - path: %s
                    prefix: w1/
                  - path: %s
                    prefix: w2/
                  - path: %s
                    prefix: w3/
                """.formatted(sub, link, logs));
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("watches[1].path: " + sub + " is inside watches[0].path (" + inbox + ")");
        assertThat(errors.get(1)).startsWith("watches[2].path: same folder as watches[0].path");
    }

    @Test
    void endpointRegionAndBucketRules() throws Exception {
        String base = "\nstate: %s\nwatches: [ { path: %s } ]\n".formatted(dir.resolve("s.db"), inbox);
        assertThat(errors("target: { endpoint: \"ftp://x\", region: cn-hangzhou, bucket: abc }" + base).get(0))
                .startsWith("target.endpoint: endpoint must start with https:// or http://");
        assertThat(errors("target: { endpoint: \"https://h/path\", region: cn-hangzhou, bucket: abc }" + base))
                .containsExactly("target.endpoint: endpoint must be a scheme and host only (no path or query), got \"https://h/path\"");
        List<String> userInfo = errors("target: { endpoint: \"https://id:pw@h\", region: cn-hangzhou, bucket: abc }" + base);
        assertThat(userInfo).containsExactly("target.endpoint: endpoint must not carry a user or password (credentials come from the environment)");
        assertThat(errors("target: { endpoint: \"https://id:pw@bad_host\", region: cn-hangzhou, bucket: abc }" + base))
                .containsExactly("target.endpoint: endpoint must not carry a user or password (credentials come from the environment)");
        assertThat(errors("target: { endpoint: \"https://h\", region: oss-cn-hangzhou, bucket: ab }" + base)).containsExactly(
                "target.region: region is the id without \"oss-\", e.g. \"cn-hangzhou\", got \"oss-cn-hangzhou\"",
                "target.bucket: bucket name \"ab\" must be 3 to 63 characters long");
        assertThat(errors("target: { endpoint: \"https://h\", region: r1, bucket: -abc }" + base))
                .containsExactly("target.bucket: bucket name \"-abc\" must start and end with a letter or digit");
        LoadedConfig plain = load("target: { endpoint: \"http://oss.example.com\", region: r1, bucket: abc }" + base);
        assertThat(plain.warnings()).map(ConfigProblem::toString)
                .contains("target.endpoint: plain http: file contents travel unencrypted (use https://)");
        assertThat(load("target: { endpoint: \"http://127.0.0.1:9000\", region: r1, bucket: abc }" + base).warnings())
                .noneMatch(p -> p.path().equals("target.endpoint"));
    }

    @Test
    void twoWatchesThatCanGiveTwoFilesOneKeyAreAnErrorNamingBoth() throws Exception {
        String conflict = "can give two files one key, one object overwriting the other: "
                + "give each watch its own prefix, neither starting with the other's";
        assertThat(errors(minimal("prefix: same/") + "  - { path: %s, prefix: same/ }\n".formatted(logs)))
                .containsExactly("watches[1].prefix: \"same/\" (folder " + logs + ") and watches[0].prefix \"same/\" (folder "
                        + inbox + ") " + conflict);
        assertThat(errors(minimal("prefix: in/sub/") + "  - { path: %s, prefix: in/ }\n".formatted(logs)))
                .containsExactly("watches[1].prefix: \"in/\" (folder " + logs + ") and watches[0].prefix \"in/sub/\" (folder "
                        + inbox + ") " + conflict);
        assertThat(errors(minimal("") + "  - { path: %s }\n".formatted(logs)))
                .containsExactly("watches[1].prefix: \"\" (folder " + logs + ") and watches[0].prefix \"\" (folder "
                        + inbox + ") " + conflict);
        // {hostname} is known when the file is read: it counts as literal text
        assertThat(errors(minimal("prefix: \"{hostname}/\"") + "  - { path: %s, prefix: web-1/a/ }\n".formatted(logs)))
                .singleElement().asString().startsWith("watches[1].prefix: \"web-1/a/\" (folder " + logs + ") and "
                        + "watches[0].prefix \"{hostname}/\"");
        // conservative past a date: these two could not collide, but are refused with the reason
        assertThat(errors(minimal("prefix: \"a/{date:yyyy}/x/\"") + "  - { path: %s, prefix: \"a/{date:yyyy}/y/\" }\n"
                .formatted(logs))).singleElement().asString()
                .startsWith("watches[1].prefix: \"a/{date:yyyy}/y/\" (folder " + logs + ") and watches[0].prefix")
                .endsWith(conflict + " (compared up to the first {date:...})");
    }

    @Test
    void prefixesThatCannotShareAKeyAreAccepted() throws Exception {
        Path third = Files.createDirectories(dir.resolve("third"));
        DaemonConfig c = load(minimal("prefix: \"x/{date:yyyy}/\"") + """
                  - { path: %s, prefix: "{hostname}/x/" }
                  - { path: %s, prefix: "xy/" }
                """.formatted(logs, third)).config();
        assertThat(c.watches()).hasSize(3);
    }

    @Test
    void dotSegmentsInAPrefixAreErrors() throws Exception {
        assertThat(errors(minimal("prefix: ../x/"))).containsExactly(
                "watches[0].prefix: has a \"..\" segment: \"../x/\" (OSS keys are names, not paths: the key would keep it literally)");
        assertThat(errors(minimal("prefix: a/./b/"))).singleElement().asString()
                .startsWith("watches[0].prefix: has a \".\" segment: \"a/./b/\"");
        assertThat(errors(minimal("prefix: \"{date:yyyy}/../\""))).hasSize(1);
        // not segments: part of a name, or glued to the file's path
        assertThat(load(minimal("prefix: a/..b/.c/d..")).config().watches().get(0).prefix()
                .keyFor(Path.of("f"), Instant.EPOCH)).isEqualTo("a/..b/.c/d..f");
    }

    @Test
    void anEndpointWithoutASchemeGetsTheHintNotAUriParserError() throws Exception {
        String base = "\nstate: %s\nwatches: [ { path: %s } ]\n".formatted(dir.resolve("s.db"), inbox);
        for (String endpoint : List.of("127.0.0.1:9000", "my_host:80", "oss-cn-hangzhou.aliyuncs.com:443", "localhost")) {
            assertThat(errors("target: { endpoint: \"" + endpoint + "\", region: cn-hangzhou, bucket: abc }" + base))
                    .as(endpoint).containsExactly("target.endpoint: endpoint must start with https:// or http:// "
                            + "(or be \"embedded\"), got \"" + endpoint + "\" (e.g. https://oss-cn-hangzhou.aliyuncs.com)");
        }
    }

    @Test
    void aZeroQuietPeriodDrawsAWarning() throws Exception {
        assertThat(load(minimal("quiet-period: 0s")).warnings()).filteredOn(p -> p.path().startsWith("watches"))
                .map(ConfigProblem::toString).containsExactly(
                "watches[0].quiet-period: 0s: a file is uploaded as soon as it is seen, so a file still being written "
                        + "may be uploaded half-written; keep it longer than the writers' pauses");
        assertThat(load(minimal("quiet-period: 0s\nafter-upload: delete")).warnings())
                .filteredOn(p -> p.path().startsWith("watches")).map(ConfigProblem::message).singleElement().asString().contains("half-written and then deleted;");
        assertThat(load(minimal("quiet-period: 1ms")).warnings()).noneMatch(p -> p.path().startsWith("watches"));
    }

    @Test
    void templatePlaceholdersAreChecked() throws Exception {
        assertThat(errors(minimal("prefix: \"{host}/\""))).containsExactly(
                "watches[0].prefix: unknown placeholder {host} (expected {hostname} or {date:PATTERN})");
        assertThat(errors(minimal("prefix: \"{date:yyyy-bb}/\"")).get(0)).startsWith(
                "watches[0].prefix: invalid date pattern \"yyyy-bb\"");
        assertThat(load(minimal("prefix: logs-")).warnings()).map(ConfigProblem::toString)
                .contains("watches[0].prefix: \"logs-\" does not end with \"/\": keys will be like \"logs-a.log\"");
    }

    @Test
    void scalarsAreReadAsWrittenNotAsYamlNumbersOrBooleans() throws Exception {
        assertThat(load(minimal("prefix: 1.10")).config().watches().get(0).prefix().template()).isEqualTo("1.10");
        assertThat(load(minimal("prefix: no")).config().watches().get(0).prefix().template()).isEqualTo("no");
        assertThat(load(minimal("prefix: \"\"")).config().watches().get(0).prefix().template()).isEmpty();
        assertThat(load(minimal("prefix:")).config().watches().get(0).prefix().template()).isEmpty();
        assertThat(load(minimal("") + "upload: { routines: 010 }\n").config().upload().routines()).isEqualTo(10);
        assertThat(errors(minimal("") + "upload: { routines: 0x10 }\n"))
                .containsExactly("upload.routines: expected a whole number from 1 to 64, got \"0x10\"");
    }

    @Test
    void maxDeleteIsACountOrAPercentage() throws Exception {
        assertThat(load(minimal("max-delete: 100")).config().watches().get(0).maxDelete())
                .isEqualTo(new DeleteLimit(100, false));
        assertThat(load(minimal("max-delete: 10%")).config().watches().get(0).maxDelete())
                .isEqualTo(new DeleteLimit(10, true));
        assertThat(errors(minimal("max-delete: 150%"))).containsExactly("watches[0].max-delete: expected a count of "
                + "files (e.g. 100) or a percentage from 0% to 100% (e.g. 10%), got \"150%\"");
        assertThat(errors(minimal("max-delete: -1"))).hasSize(1);
    }

    @Test
    void maxDelayAndAppendOnlyAreReadPerWatch() throws Exception {
        WatchConfig w = load(minimal("quiet-period: 1s\nmax-delay: 10s\nappend-only: true")).config().watches().get(0);
        assertThat(w.maxDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(w.appendOnly()).isTrue();
        WatchConfig off = load(minimal("max-delay: 0")).config().watches().get(0);
        assertThat(off.maxDelay()).isZero();
        assertThat(off.appendOnly()).isFalse();
    }

    @Test
    void aMaxDelayNotLongerThanTheQuietPeriodIsAnErrorNamingBoth() throws Exception {
        assertThat(errors(minimal("quiet-period: 5s\nmax-delay: 5s"))).containsExactly("watches[0].max-delay: 5s must "
                + "be longer than quiet-period 5s, or 0 for off: else the quiet period never decides anything");
        assertThat(errors(minimal("max-delay: 1500ms"))).containsExactly("watches[0].max-delay: 1500ms must be longer "
                + "than quiet-period 2s (default), or 0 for off: else the quiet period never decides anything");
        assertThat(errors(minimal("max-delay: -10s"))).containsExactly("watches[0].max-delay: negative duration \"-10s\"");
        assertThat(errors(minimal("append-only: yes")))
                .containsExactly("watches[0].append-only: expected true or false, got \"yes\"");
        assertThat(load(minimal("quiet-period: 5s\nmax-delay: 5001ms")).warnings())
                .noneMatch(p -> p.path().startsWith("watches"));
    }

    @Test
    void deleteAfterUploadAndMirrorDeletesConflict() throws Exception {
        assertThat(errors(minimal("after-upload: delete\nmirror-deletes: true"))).containsExactly(
                "watches[0].mirror-deletes: cannot be true with after-upload: delete (deleting the uploaded file would then delete its object)");
    }

    @Test
    void credentialsInTheFileAreErrorsAndAWarningWhenOthersCanReadIt() throws Exception {
        Path file = write(minimal("") + "access-key-secret: s3cr3t-value\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of(), MissingFolders.ERROR).load(file));
        assertThat(e.errors()).map(ConfigProblem::toString).containsExactly(
                "access-key-secret: credentials are not read from the configuration file: set OSS_ACCESS_KEY_ID and "
                        + "OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS) in the daemon's environment, or name "
                        + "another source with target.credentials (auto, environment, ecs-ram-role, oidc, profile, uri)");
        assertThat(e.warnings()).map(ConfigProblem::toString).anyMatch(w -> w.startsWith(
                "access-key-secret: looks like a credential, and " + file + " is readable by group or others"));
        assertThat(e.errors().toString() + e.warnings() + e.getMessage()).doesNotContain("s3cr3t-value");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ConfigException privateFile = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of(), MissingFolders.ERROR).load(file));
        assertThat(privateFile.warnings()).noneMatch(w -> w.message().contains("looks like a credential"));
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysGiveTheLine() throws Exception {
        assertThat(errors("target: { endpoint: x\nwatches: [").get(0)).startsWith("line ");
        assertThat(errors(minimal("") + "state: /other.db\n").get(0)).isEqualTo("line 5, column 1: duplicate key \"state\"");
        assertThat(errors("")).containsExactly("the configuration is empty");
        assertThat(errors("a: &x 1\nb: *x\n")).containsExactly("line 2, column 4: YAML aliases (*x) are not supported: write the value out");
        assertThat(errors(minimal("") + "---\nstate: /x.db\n").get(0)).endsWith("a second YAML document (after \"---\"): the configuration is one document");
        assertThat(errors("- a\n- b\n").get(0)).startsWith("expected a mapping of keys");
        assertThat(errors("target: { endpoint: embedded, bucket: abc }\nwatches: []\n"))
                .containsExactly("watches: empty: at least one watched folder");
    }

    @Test
    void aMissingFileIsOneError() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> loader(Map.of(), MissingFolders.ERROR).load(missing))
                .isInstanceOf(ConfigException.class).hasMessage("config " + missing + ": file not found");
    }

    @Test
    void theExampleConfigDocumentsEveryKey() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("conf/ossync.yaml"));
        List<String> keys = Stream.of(ConfigBinder.TOP_KEYS, ConfigBinder.TARGET_KEYS,
                ConfigBinder.WATCH_KEYS, ConfigBinder.UPLOAD_KEYS, ConfigBinder.METRICS_KEYS)
                .flatMap(Set::stream).toList();
        for (String key : keys) {
            assertThat(lines).as("conf/ossync.yaml documents " + key)
                    .anyMatch(line -> line.matches("\\s*#?\\s*(- )?" + Pattern.quote(key) + ":.*"));
        }
    }

    @Test
    void theShippedExampleAndDemoConfigsAreValid() throws Exception {
        Path conf = Path.of("conf").toAbsolutePath();
        LoadedConfig example = loader(Map.of(), MissingFolders.WARN).load(conf.resolve("ossync.yaml"));
        assertThat(example.config().target()).isEqualTo(new TargetConfig("https://oss-cn-hangzhou.aliyuncs.com", "cn-hangzhou", "my-bucket"));
        assertThat(example.config().watches().get(0).prefix().keyFor(Path.of("a.log"), Instant.parse("2026-05-06T00:00:00Z")))
                .isEqualTo("logs/web-1/2026/05/06/a.log");
        assertThat(example.config().state()).isEqualTo(Path.of("/var/lib/ossync/state.db"));
        assertThat(example.config().watches().get(0).maxDelay()).isEqualTo(Duration.ofSeconds(10));

        DaemonConfig demo = loader(Map.of(), MissingFolders.WARN).load(conf.resolve("demo.yaml")).config();
        Path repo = conf.getParent();
        assertThat(demo.target()).isEqualTo(new TargetConfig("embedded", TargetConfig.EMBEDDED_DEFAULT_REGION, "demo-bucket"));
        assertThat(demo.state()).isEqualTo(repo.resolve("var/state.db"));
        assertThat(demo.embeddedStorageRoot().resolve("demo-bucket")).isEqualTo(repo.resolve("var/demo-bucket"));
        assertThat(demo.watches()).singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo(repo.resolve("var/inbox"));
            assertThat(w.quietPeriod()).isEqualTo(Duration.ofSeconds(1));
            assertThat(w.prefix().template()).isEqualTo("inbox/");
        });
    }
}
