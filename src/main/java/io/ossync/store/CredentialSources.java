package io.ossync.store;

import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.CLIProfileCredentialsProvider;
import com.aliyun.credentials.provider.EcsRamRoleCredentialProvider;
import com.aliyun.credentials.provider.OIDCRoleArnCredentialProvider;
import com.aliyun.credentials.provider.ProfileCredentialsProvider;
import com.aliyun.credentials.provider.SessionCredentialsProvider;
import com.aliyun.credentials.provider.SystemPropertiesCredentialsProvider;
import com.aliyun.credentials.provider.URLCredentialProvider;
import io.ossync.config.CredentialsSetting;
import io.ossync.config.CredentialsSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The credentials sources a {@link CredentialsSetting} names, built on the official
 * {@code com.aliyun:credentials-java} 1.0.3 providers, in the order of that library's
 * {@code DefaultCredentialsProvider} with ossync's own variables first:
 * <ol>
 *   <li>{@code OSS_ACCESS_KEY_ID}, {@code OSS_ACCESS_KEY_SECRET}, {@code OSS_SESSION_TOKEN} (as before)</li>
 *   <li>system properties {@code alibabacloud.accessKeyId}, {@code alibabacloud.accessKeySecret}, {@code alibabacloud.sessionToken}</li>
 *   <li>{@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code _SECRET}, {@code ALIBABA_CLOUD_SECURITY_TOKEN}</li>
 *   <li>OIDC (ACK RRSA), when {@code ALIBABA_CLOUD_ROLE_ARN}, {@code _OIDC_PROVIDER_ARN} and {@code _OIDC_TOKEN_FILE} are all set</li>
 *   <li>the CLI profile {@code ~/.aliyun/config.json} ({@code ALIBABA_CLOUD_PROFILE} or its current profile)</li>
 *   <li>{@code ~/.alibabacloud/credentials.ini} (or {@code ALIBABA_CLOUD_CREDENTIALS_FILE})</li>
 *   <li>the ECS RAM role, unless {@code ALIBABA_CLOUD_ECS_METADATA_DISABLED=true}</li>
 *   <li>{@code ALIBABA_CLOUD_CREDENTIALS_URI}, when set</li>
 * </ol>
 * Why not the library's chain object itself: it caches, and treats credentials that live under 15
 * minutes as stale at once (one fetch per request); here each source is asked only when ossync
 * refreshes ({@link RefreshingCredentialsProvider}), session sources through
 * {@code refreshCredentials()}, which bypasses the library's cache. Values the library would read
 * with {@code System.getenv} are passed from the given environment where its builders take them,
 * so that tests can give their own.
 */
final class CredentialSources {

    static final String OSS_ID = OssCredentials.ACCESS_KEY_ID;
    static final String ALIBABA_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    static final String ALIBABA_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
    static final String ALIBABA_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";
    static final String ROLE_ARN = "ALIBABA_CLOUD_ROLE_ARN";
    static final String OIDC_PROVIDER_ARN = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
    static final String OIDC_TOKEN_FILE = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
    static final String CREDENTIALS_URI = "ALIBABA_CLOUD_CREDENTIALS_URI";
    static final String ECS_METADATA_DISABLED = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
    static final String ECS_ROLE = "ALIBABA_CLOUD_ECS_METADATA";
    static final String PROFILE_NAME = "ALIBABA_CLOUD_PROFILE";
    static final String CREDENTIALS_FILE = "ALIBABA_CLOUD_CREDENTIALS_FILE";

    /** One place credentials can come from: its name (for logs and status) and how to ask it. */
    record Source(String name, Supplier<Optional<CredentialModel>> fetch) {
    }

    private CredentialSources() {
    }

    /**
     * The sources to try, in order. A source that is not configured at all (a variable unset)
     * answers empty and the chain moves on; a configured one that fails throws.
     *
     * @throws IllegalArgumentException when a pinned source lacks what it needs (a message naming it)
     */
    static List<Source> of(CredentialsSetting setting, Map<String, String> env, Path home) {
        List<Source> out = new ArrayList<>();
        switch (setting.source()) {
            case AUTO -> {
                out.add(ossEnvironment(env));
                out.add(systemProperties());
                out.add(alibabaEnvironment(env));
                if (set(env, ROLE_ARN) && set(env, OIDC_PROVIDER_ARN) && set(env, OIDC_TOKEN_FILE)) {
                    out.add(oidc(env, Optional.empty()));
                }
                out.add(cliProfile(env, home, Optional.empty(), true));
                out.add(iniProfile(env, home, true));
                if (!"true".equalsIgnoreCase(env.getOrDefault(ECS_METADATA_DISABLED, ""))) {
                    out.add(ecsRamRole(env, Optional.empty()));
                }
                if (set(env, CREDENTIALS_URI)) {
                    out.add(uri(env.get(CREDENTIALS_URI)));
                }
            }
            case ENVIRONMENT -> {
                out.add(ossEnvironment(env));
                out.add(alibabaEnvironment(env));
            }
            case ECS_RAM_ROLE -> out.add(ecsRamRole(env, setting.role()));
            case OIDC -> {
                for (String v : List.of(ROLE_ARN, OIDC_PROVIDER_ARN, OIDC_TOKEN_FILE)) {
                    if (!set(env, v)) {
                        throw new IllegalArgumentException("credentials source oidc: " + v + " is not set");
                    }
                }
                out.add(oidc(env, setting.stsEndpoint()));
            }
            case PROFILE -> {
                out.add(cliProfile(env, home, setting.profileName(), false));
                if (setting.profileName().isEmpty()) {
                    out.add(iniProfile(env, home, false));
                }
            }
            case URI -> {
                String uri = setting.uri().orElseGet(() -> env.get(CREDENTIALS_URI));
                if (uri == null || uri.isBlank()) {
                    throw new IllegalArgumentException("credentials source uri: give target.credentials.uri or set "
                            + CREDENTIALS_URI);
                }
                out.add(uri(uri));
            }
        }
        return out;
    }

    /** A short description of the sources, for the start-up line. */
    static String describe(CredentialsSetting setting) {
        return setting.source() == CredentialsSource.AUTO ? "auto (chain)" : setting.source().configName();
    }

    private static Source ossEnvironment(Map<String, String> env) {
        return new Source("environment (OSS_ACCESS_KEY_ID)", () -> {
            if (!set(env, OSS_ID) && !set(env, OssCredentials.ACCESS_KEY_SECRET)) {
                return Optional.empty();
            }
            OssCredentials c = OssCredentials.fromEnvironment(env);
            return Optional.of(CredentialModel.builder().accessKeyId(c.accessKeyId())
                    .accessKeySecret(c.accessKeySecret()).securityToken(c.sessionToken().orElse(null)).build());
        });
    }

    private static Source alibabaEnvironment(Map<String, String> env) {
        return new Source("environment (ALIBABA_CLOUD_ACCESS_KEY_ID)", () -> {
            if (!set(env, ALIBABA_ID) && !set(env, ALIBABA_SECRET)) {
                return Optional.empty();
            }
            if (!set(env, ALIBABA_ID) || !set(env, ALIBABA_SECRET)) {
                throw new IllegalArgumentException("credentials missing: set both " + ALIBABA_ID + " and "
                        + ALIBABA_SECRET + " in the environment");
            }
            return Optional.of(CredentialModel.builder().accessKeyId(env.get(ALIBABA_ID))
                    .accessKeySecret(env.get(ALIBABA_SECRET))
                    .securityToken(set(env, ALIBABA_TOKEN) ? env.get(ALIBABA_TOKEN) : null).build());
        });
    }

    private static Source systemProperties() {
        return new Source("system properties (alibabacloud.accessKeyId)", () -> {
            if (System.getProperty("alibabacloud.accessKeyId") == null) {
                return Optional.empty();
            }
            return Optional.of(new SystemPropertiesCredentialsProvider().getCredentials());
        });
    }

    /** AssumeRoleWithOIDC, re-reading the token file at each fetch (ACK rotates it). */
    private static Source oidc(Map<String, String> env, Optional<String> stsEndpoint) {
        return session("oidc (" + env.get(ROLE_ARN) + ")", () -> OIDCRoleArnCredentialProvider.builder()
                .roleArn(env.get(ROLE_ARN))
                .oidcProviderArn(env.get(OIDC_PROVIDER_ARN))
                .oidcTokenFilePath(env.get(OIDC_TOKEN_FILE))
                .roleSessionName(env.getOrDefault("ALIBABA_CLOUD_ROLE_SESSION_NAME", "ossync"))
                .STSEndpoint(stsEndpoint.orElse(null))
                .build());
    }

    private static Source ecsRamRole(Map<String, String> env, Optional<String> role) {
        String name = role.or(() -> Optional.ofNullable(env.get(ECS_ROLE)).filter(r -> !r.isBlank())).orElse(null);
        // Async off: ossync refreshes; the library's own refresher thread would only fetch twice.
        return session("ecs-ram-role" + (name == null ? "" : " (" + name + ")"), () -> EcsRamRoleCredentialProvider.builder()
                .roleName(name)
                .asyncCredentialUpdateEnabled(false)
                .build());
    }

    private static Source uri(String uri) {
        return session("uri " + uri, () -> URLCredentialProvider.builder().credentialsURI(uri).build());
    }

    private static Source cliProfile(Map<String, String> env, Path home, Optional<String> name, boolean optional) {
        Path file = home.resolve(".aliyun").resolve("config.json");
        String profile = name.or(() -> Optional.ofNullable(env.get(PROFILE_NAME))).orElse(null);
        return new Source("profile " + file + (profile == null ? "" : " (" + profile + ")"), () -> {
            if (optional && !java.nio.file.Files.exists(file)) {
                return Optional.empty();
            }
            ProfileFiles.warnIfReadableByOthers(file);
            // The library reads $HOME/.aliyun/config.json of the JVM's user.home. A provider per fetch
            // reads the file again, so keys rotated in it are taken (after OSS refuses the old ones)
            // without a restart; the cost: an EcsRamRole-mode profile leaves the library's refresh
            // thread of each fetch behind (one every few hours; use source ecs-ram-role instead).
            return Optional.of(CLIProfileCredentialsProvider.builder().profileName(profile).build().getCredentials());
        });
    }

    private static Source iniProfile(Map<String, String> env, Path home, boolean optional) {
        Path file = set(env, CREDENTIALS_FILE) ? Path.of(env.get(CREDENTIALS_FILE))
                : home.resolve(".alibabacloud").resolve("credentials.ini");
        return new Source("profile " + file, () -> {
            if (optional && !java.nio.file.Files.exists(file)) {
                return Optional.empty();
            }
            ProfileFiles.warnIfReadableByOthers(file);
            return Optional.of(new ProfileCredentialsProvider().getCredentials());
        });
    }

    /**
     * A session source: built when first asked (a builder may throw on missing settings), then
     * asked through {@code refreshCredentials()} each time, which fetches anew (no library cache).
     */
    private static Source session(String name, Supplier<SessionCredentialsProvider> build) {
        SessionCredentialsProvider[] provider = new SessionCredentialsProvider[1];
        return new Source(name, () -> {
            synchronized (provider) {
                if (provider[0] == null) {
                    provider[0] = build.get();
                }
                return Optional.of(provider[0].refreshCredentials().value());
            }
        });
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
