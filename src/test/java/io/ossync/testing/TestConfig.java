package io.ossync.testing;

import io.ossync.config.ConfigException;
import io.ossync.config.ConfigLoader;
import io.ossync.config.DaemonConfig;
import io.ossync.config.MissingFolders;
import io.ossync.emulator.EmulatorExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A daemon configuration built in code, rendered as the YAML file a user would write (so every test
 * daemon goes through the real loader and its checks). Defaults suit tests: the emulator's bucket
 * and region, 1 MiB parts, 4 routines, 2 workers, a 1-minute rescan, a 5-second shutdown and, per
 * watch, a 300 ms quiet period. Values are YAML as written ({@code "{ listen: 127.0.0.1:0 }"}).
 *
 * <pre>
 *   TestConfig.of(endpoint, stateDb).watch(inbox, "in/").withWatch("mirror-deletes", "true")
 *           .set("metrics", "{ listen: 127.0.0.1:0 }").write(dir.resolve("ossync.yaml"));
 * </pre>
 */
public final class TestConfig {

    /** The emulator's credentials as the daemon reads them from its environment. */
    public static final Map<String, String> EMULATOR_ENV = Map.of(
            "OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
            "OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET);
    public static final String DEFAULT_QUIET_PERIOD = "300ms";

    private final Map<String, String> top = new LinkedHashMap<>();
    private final List<Map<String, String>> watches = new ArrayList<>();
    private String endpoint;
    private String credentials;

    private TestConfig(String endpoint, Path stateDb) {
        this.endpoint = endpoint;
        top.put("state", stateDb.toString());
        upload("1MiB", 4, 2);
        set("rescan-interval", "1m");
        set("shutdown-timeout", "5s");
    }

    /** A configuration for the emulator's bucket at {@code endpoint} (may be null until {@link #endpoint}). */
    public static TestConfig of(String endpoint, Path stateDb) {
        return new TestConfig(endpoint, stateDb);
    }

    public TestConfig endpoint(String endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    public String endpoint() {
        return endpoint;
    }

    public boolean hasEndpoint() {
        return endpoint != null;
    }

    /**
     * Sets {@code target.credentials} to a YAML value, e.g. {@code "{source: uri, uri: \"http://...\"}"}
     * (see {@link CredentialsUriServer}); null leaves it out (the chain).
     */
    public TestConfig credentials(String yamlValue) {
        this.credentials = yamlValue;
        return this;
    }

    /** Sets a top-level key to a YAML value ({@code set("metrics", "{ listen: 127.0.0.1:0 }")}). */
    public TestConfig set(String key, String yamlValue) {
        top.put(key, yamlValue);
        return this;
    }

    public TestConfig upload(String partSize, int routines, int workers) {
        return set("upload", "{ part-size: %s, routines: %d, workers: %d }".formatted(partSize, routines, workers));
    }

    public Path stateDb() {
        return Path.of(top.get("state"));
    }

    /** Adds a watch with the default quiet period. */
    public TestConfig watch(Path path, String prefix) {
        Map<String, String> watch = new LinkedHashMap<>();
        watch.put("path", path.toString());
        watch.put("prefix", '"' + prefix + '"');
        watch.put("quiet-period", DEFAULT_QUIET_PERIOD);
        watches.add(watch);
        return this;
    }

    /** Drops the watches added so far, then adds this one. */
    public TestConfig onlyWatch(Path path, String prefix) {
        watches.clear();
        return watch(path, prefix);
    }

    /** Sets a key of the last watch added ({@code withWatch("mirror-deletes", "true")}). */
    public TestConfig withWatch(String key, String yamlValue) {
        if (watches.isEmpty()) {
            throw new IllegalStateException("no watch to set " + key + " on");
        }
        watches.get(watches.size() - 1).put(key, yamlValue);
        return this;
    }

    /** The last watch's {@code quiet-period} ({@code "500ms"}). */
    public TestConfig quietPeriod(String duration) {
        return withWatch("quiet-period", duration);
    }

    /** The last watch's {@code max-delay} ({@code "2s"}): a file that keeps changing is uploaded anyway. */
    public TestConfig maxDelay(String duration) {
        return withWatch("max-delay", duration);
    }

    /** The last watch's {@code append-only}: an uploaded prefix is trusted, not read again. */
    public TestConfig appendOnly(boolean appendOnly) {
        return withWatch("append-only", Boolean.toString(appendOnly));
    }

    /** The first watch's folder. */
    public Path firstWatch() {
        return Path.of(watches.get(0).get("path"));
    }

    public String yaml() {
        if (endpoint == null) {
            throw new IllegalStateException("no endpoint configured");
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("target: { endpoint: ").append(endpoint).append(", region: ").append(EmulatorExtension.REGION)
                .append(", bucket: ").append(EmulatorExtension.BUCKET)
                .append(credentials == null ? "" : ", credentials: " + credentials).append(" }\n");
        yaml.append("state: ").append(top.get("state")).append('\n');
        yaml.append("watches:\n");
        for (Map<String, String> watch : watches) {
            String dash = "  - ";
            for (Map.Entry<String, String> e : watch.entrySet()) {
                yaml.append(dash).append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                dash = "    ";
            }
        }
        top.forEach((key, value) -> {
            if (!key.equals("state")) {
                yaml.append(key).append(": ").append(value).append('\n');
            }
        });
        return yaml.toString();
    }

    /** Writes the YAML to {@code file} (creating its folder and the state database's) and returns it. */
    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createDirectories(stateDb().toAbsolutePath().getParent());
        return Files.writeString(file, yaml());
    }

    /** Writes the YAML to {@code file} and loads it as {@code ossync run} would, with {@code env}. */
    public DaemonConfig load(Path file, Map<String, String> env) throws IOException, ConfigException {
        return new ConfigLoader(env, () -> "test-host", MissingFolders.WARN).load(write(file)).config();
    }
}
