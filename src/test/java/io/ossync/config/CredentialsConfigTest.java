package io.ossync.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code target.credentials}: a source name or a mapping, validated key by key; never a secret. */
class CredentialsConfigTest {

    @TempDir
    Path dir;
    Path inbox;

    @BeforeEach
    void folders() throws IOException {
        inbox = Files.createDirectories(dir.resolve("inbox"));
    }

    private Path write(String credentials) throws IOException {
        Path file = dir.resolve("ossync.yaml");
        Files.writeString(file, """
                target:
                  endpoint: https://oss-cn-hangzhou.aliyuncs.com
                  region: cn-hangzhou
                  bucket: my-bucket
                %s
                state: %s
                watches:
                  - path: %s
                """.formatted(credentials.indent(2), dir.resolve("state.db"), inbox));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private CredentialsSetting load(String credentials) throws Exception {
        return new ConfigLoader(Map.of("CREDS_URI", "http://127.0.0.1:9/creds"), () -> "h", MissingFolders.ERROR)
                .load(write(credentials)).config().target().credentials();
    }

    private List<String> errors(String credentials) throws IOException {
        Path file = write(credentials);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of(), () -> "h", MissingFolders.ERROR).load(file));
        assertThat(e).as("expected a config error").isNotNull();
        return e.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void absentMeansTheChain() throws Exception {
        assertThat(load("")).isEqualTo(CredentialsSetting.AUTO);
    }

    @Test
    void aPlainSourceName() throws Exception {
        assertThat(load("credentials: auto")).isEqualTo(CredentialsSetting.AUTO);
        assertThat(load("credentials: environment").source()).isEqualTo(CredentialsSource.ENVIRONMENT);
        assertThat(load("credentials: ecs-ram-role").source()).isEqualTo(CredentialsSource.ECS_RAM_ROLE);
        assertThat(load("credentials: oidc").source()).isEqualTo(CredentialsSource.OIDC);
        assertThat(load("credentials: profile").source()).isEqualTo(CredentialsSource.PROFILE);
        assertThat(load("credentials: uri").source()).isEqualTo(CredentialsSource.URI);
    }

    @Test
    void aMappingWithTheKeyItsSourceTakes() throws Exception {
        assertThat(load("credentials: {source: uri, uri: \"${CREDS_URI}\"}")).isEqualTo(new CredentialsSetting(
                CredentialsSource.URI, Optional.empty(), Optional.of("http://127.0.0.1:9/creds"), Optional.empty()));
        assertThat(load("credentials: {source: ecs-ram-role, role: ossync-writer}").role()).contains("ossync-writer");
        assertThat(load("credentials: {source: profile, name: backup}").profileName()).contains("backup");
        assertThat(load("credentials: {source: oidc}").source()).isEqualTo(CredentialsSource.OIDC);
        assertThat(load("credentials: {source: oidc, sts-endpoint: \"127.0.0.1:8443\"}").stsEndpoint())
                .contains("127.0.0.1:8443");
    }

    @Test
    void unknownSourcesAndMisplacedKeysAreErrors() throws Exception {
        assertThat(errors("credentials: vault")).containsExactly("target.credentials: unknown credentials source "
                + "\"vault\" (expected one of: auto, environment, ecs-ram-role, oidc, profile, uri)");
        assertThat(errors("credentials: {source: uri, role: r}")).containsExactly(
                "target.credentials.role: only for source: ecs-ram-role (source is uri)");
        assertThat(errors("credentials: {source: environment, uri: \"http://x\"}")).containsExactly(
                "target.credentials.uri: only for source: uri (source is environment)");
        assertThat(errors("credentials: {source: oidc, sts-endpoint: \"https://sts.aliyuncs.com\"}")).containsExactly(
                "target.credentials.sts-endpoint: expected a host name or host:port (https is implied), got "
                        + "\"https://sts.aliyuncs.com\"");
        assertThat(errors("credentials: {role: r}")).containsExactly(
                "target.credentials.source: required (one of: auto, environment, ecs-ram-role, oidc, profile, uri)");
        assertThat(errors("credentials: {source: uri, uri: \"ftp://host/creds\"}")).containsExactly(
                "target.credentials.uri: expected an http:// or https:// URI, got \"ftp://host/creds\"");
        assertThat(errors("credentials: {source: uri, url: \"http://x\"}")).containsExactly(
                "target.credentials.url: unknown key (did you mean uri?)");
        assertThat(errors("credentials: [uri]")).containsExactly("target.credentials: expected a single value, got a list");
    }

    @Test
    void secretsStayRefusedUnderCredentials() throws Exception {
        List<String> errs = errors("credentials: {source: environment, access-key-secret: CANARY-s3cr3t}");
        assertThat(errs).hasSize(1);
        assertThat(errs.get(0)).startsWith("target.credentials.access-key-secret: credentials are not read from the "
                + "configuration file");
        assertThat(errs.toString()).doesNotContain("CANARY-s3cr3t");
        Path file = write("credentials: {source: uri, uri: \"http://user:CANARY-pw@127.0.0.1/creds\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of(), () -> "h", MissingFolders.ERROR).load(file));
        String all = e == null ? "" : e.getMessage() + e.errors() + e.warnings();
        if (e == null) {
            // Loaded: then at least the warning about a credential-looking value must be there.
            assertThat(new ConfigLoader(Map.of(), () -> "h", MissingFolders.ERROR).load(file).warnings())
                    .anyMatch(w -> w.toString().contains("looks like a credential"));
        } else {
            assertThat(all).doesNotContain("CANARY-pw");
        }
    }

    @Test
    void theSourceKeyItselfIsNotTakenForASecret() throws Exception {
        Path file = write("credentials: uri");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new ConfigLoader(Map.of(), () -> "h", MissingFolders.ERROR).load(file).warnings())
                .noneMatch(w -> w.toString().contains("looks like a credential"));
    }
}
