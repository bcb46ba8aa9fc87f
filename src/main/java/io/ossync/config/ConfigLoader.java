package io.ossync.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads and validates the daemon's YAML configuration file (documented in conf/ossync.yaml).
 *
 * <p>Guarantees: either a complete, valid {@link DaemonConfig} comes back, or a
 * {@link ConfigException} listing every error found, each at its key path; unknown keys are
 * errors; {@code ${VAR}} and {@code ${VAR:-default}} are expanded in values from the environment
 * given; relative paths are resolved against the file's own folder. Nothing is printed or logged:
 * warnings (a missing folder in {@link MissingFolders#WARN} mode, plain http, a file readable by
 * others that seems to hold a secret...) are returned for the caller to show.
 */
public final class ConfigLoader {

    private final Map<String, String> env;
    private final Supplier<String> hostname;
    private final MissingFolders missingFolders;

    /**
     * @param env the environment to expand {@code ${...}} from
     * @param hostname the value of {@code {hostname}} in key templates, asked only when one uses it
     * @param missingFolders whether a watched folder that does not exist is an error or a warning
     */
    public ConfigLoader(Map<String, String> env, Supplier<String> hostname, MissingFolders missingFolders) {
        this.env = Map.copyOf(env);
        this.hostname = hostname;
        this.missingFolders = missingFolders;
    }

    /** A loader reading this process's environment and this machine's host name. */
    public static ConfigLoader forThisProcess(MissingFolders missingFolders) {
        return new ConfigLoader(System.getenv(), HostName::ofThisMachine, missingFolders);
    }

    public LoadedConfig load(Path file) throws ConfigException {
        ConfigProblems problems = new ConfigProblems();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fail(file, "", "file not found", problems);
        } catch (IOException e) {
            throw fail(file, "", "cannot read: " + e.getMessage(), problems);
        }
        JsonNode root;
        try {
            root = YamlTree.read(text);
        } catch (YamlTree.SyntaxException e) {
            throw fail(file, e.where(), e.getMessage(), problems);
        }
        if (root != null) {
            warnIfSecretsExposed(file, root, problems);
        }
        Optional<DaemonConfig> config = new ConfigBinder(new EnvExpander(env), hostname,
                new FolderChecks(missingFolders), problems, file).bind(root);
        if (config.isEmpty() || problems.errorCount() > 0) {
            throw new ConfigException(file, problems.errors(), problems.warnings());
        }
        return new LoadedConfig(config.get(), problems.warnings());
    }

    private static ConfigException fail(Path file, String path, String message, ConfigProblems problems) {
        problems.error(path, message);
        return new ConfigException(file, problems.errors(), problems.warnings());
    }

    /**
     * Warns when the file can be read by group or others and seems to hold a credential: such a
     * key is an error anyway, but the secret may already have been read by someone else.
     */
    private static void warnIfSecretsExposed(Path file, JsonNode root, ConfigProblems problems) {
        List<String> secrets = SecretHints.find(root);
        if (secrets.isEmpty()) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = view.readAttributes().permissions();
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                problems.warning(secrets.get(0), "looks like a credential, and " + file
                        + " is readable by group or others: remove it, rotate it, and keep credentials in the "
                        + "environment (EnvironmentFile=/etc/ossync/credentials, mode 0600)");
            }
        } catch (IOException e) {
            // permissions unknown: the secret-named key is reported as an error anyway
        }
    }
}
