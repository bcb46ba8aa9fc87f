package io.ossync.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the daemon's OSS credentials come from ({@code target.credentials}): the whole chain, or
 * one source pinned. Only the source is configured here; the secrets themselves come from the
 * environment, a file or a service at run time, never from the configuration file.
 */
public enum CredentialsSource {
    /** The chain: ossync's OSS_* variables first, then the Alibaba Cloud default chain's order. */
    AUTO("auto"),
    /** OSS_ACCESS_KEY_ID/_SECRET/OSS_SESSION_TOKEN, else ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN. */
    ENVIRONMENT("environment"),
    /** The ECS instance's RAM role from the metadata service (IMDSv2 token first). */
    ECS_RAM_ROLE("ecs-ram-role"),
    /** ACK RRSA: AssumeRoleWithOIDC with ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN, _OIDC_TOKEN_FILE. */
    OIDC("oidc"),
    /** The CLI's ~/.aliyun/config.json, else ~/.alibabacloud/credentials.ini. */
    PROFILE("profile"),
    /** A credentials URI (or ALIBABA_CLOUD_CREDENTIALS_URI) answering the credentials JSON. */
    URI("uri");

    private final String configName;

    CredentialsSource(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** @throws IllegalArgumentException naming the accepted sources */
    public static CredentialsSource fromConfigName(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (CredentialsSource s : values()) {
            if (s.configName.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown credentials source \"" + text + "\" (expected one of: " + names() + ")");
    }

    static String names() {
        return Arrays.stream(values()).map(CredentialsSource::configName).collect(Collectors.joining(", "));
    }
}
