package io.ossync.config;

import java.util.Optional;

/**
 * Reads {@code target.credentials}: a source name, or a mapping of {@code source} and the one key
 * that source may take ({@code role} for ecs-ram-role, {@code uri} for uri, {@code name} for
 * profile, {@code sts-endpoint} for oidc). A key given for another source is an error rather than silently ignored, so that a
 * typo in {@code source} cannot leave a role or URI unused. Secrets never belong here: a
 * secret-named key is refused by {@link YamlSection#rejectUnknownKeys}, and a URI with a password
 * by {@link SecretHints}.
 */
final class CredentialsBinder {

    private static final String KEY = "credentials";

    private final ConfigProblems problems;

    CredentialsBinder(ConfigProblems problems) {
        this.problems = problems;
    }

    /** The setting under {@code target}; {@link CredentialsSetting#AUTO} when not given or invalid (recorded). */
    CredentialsSetting bind(YamlSection target) {
        if (!target.has(KEY)) {
            return CredentialsSetting.AUTO;
        }
        if (target.isMapping(KEY)) {
            return target.section(KEY).map(this::mapping).orElse(CredentialsSetting.AUTO);
        }
        return target.parsed(KEY, CredentialsSource::fromConfigName).map(CredentialsSetting::of)
                .orElse(CredentialsSetting.AUTO);
    }

    private CredentialsSetting mapping(YamlSection c) {
        c.rejectUnknownKeys(ConfigBinder.CREDENTIALS_KEYS);
        if (!c.has("source")) {
            problems.error(c.pathOf("source"), "required (one of: " + CredentialsSource.names() + ")");
            return CredentialsSetting.AUTO;
        }
        Optional<CredentialsSource> source = c.parsed("source", CredentialsSource::fromConfigName);
        if (source.isEmpty()) {
            return CredentialsSetting.AUTO;
        }
        CredentialsSource s = source.get();
        Optional<String> role = only(c, "role", s, CredentialsSource.ECS_RAM_ROLE);
        Optional<String> uri = only(c, "uri", s, CredentialsSource.URI).flatMap(u -> c.parsed("uri", CredentialsBinder::uri));
        Optional<String> name = only(c, "name", s, CredentialsSource.PROFILE);
        Optional<String> sts = only(c, "sts-endpoint", s, CredentialsSource.OIDC)
                .flatMap(e -> c.parsed("sts-endpoint", CredentialsBinder::host));
        return new CredentialsSetting(s, role, uri, name, sts);
    }

    /** The value of {@code key}, which only {@code owner} takes; an error for any other source. */
    private Optional<String> only(YamlSection c, String key, CredentialsSource given, CredentialsSource owner) {
        if (!c.has(key)) {
            return Optional.empty();
        }
        if (given != owner) {
            problems.error(c.pathOf(key), "only for source: " + owner.configName() + " (source is "
                    + given.configName() + ")");
            return Optional.empty();
        }
        return c.parsed(key, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("empty (leave the key out for the default)");
            }
            return text.strip();
        });
    }

    /** credentials-java 1.0.3 always sends AssumeRoleWithOIDC over https: a host[:port], no scheme. */
    private static String host(String text) {
        String t = text.strip();
        if (t.contains("://") || t.contains("/") || t.contains(" ")) {
            throw new IllegalArgumentException("expected a host name or host:port (https is implied), got \"" + text + "\"");
        }
        return t;
    }

    private static String uri(String text) {
        java.net.URI u;
        try {
            u = java.net.URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URI: \"" + text + "\"");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("expected an http:// or https:// URI, got \"" + text + "\"");
        }
        return u.toString();
    }
}
