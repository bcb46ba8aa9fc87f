package io.ossync.config;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code target.credentials}: which source the daemon takes its credentials from, and the few
 * non-secret facts a pinned source may need. Either a plain source name
 * ({@code credentials: auto}) or a mapping ({@code credentials: {source: uri, uri: "http://..."}}).
 *
 * @param role        the ECS RAM role's name ({@code ecs-ram-role} only); empty: ask the metadata service
 * @param uri         the credentials URI ({@code uri} only); empty: {@code ALIBABA_CLOUD_CREDENTIALS_URI}
 * @param profileName the profile's name ({@code profile} only); empty: the file's current/default one
 * @param stsEndpoint the STS host[:port] AssumeRoleWithOIDC is sent to over https ({@code oidc} only);
 *                    empty: {@code sts.aliyuncs.com}, or by {@code ALIBABA_CLOUD_STS_REGION}
 */
public record CredentialsSetting(CredentialsSource source, Optional<String> role, Optional<String> uri,
                                 Optional<String> profileName, Optional<String> stsEndpoint) {

    /** The chain, as when {@code target.credentials} is not given. */
    public static final CredentialsSetting AUTO = of(CredentialsSource.AUTO);

    public CredentialsSetting {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(stsEndpoint, "stsEndpoint");
    }

    /** A setting without an STS endpoint of its own. */
    public CredentialsSetting(CredentialsSource source, Optional<String> role, Optional<String> uri,
                              Optional<String> profileName) {
        this(source, role, uri, profileName, Optional.empty());
    }

    public static CredentialsSetting of(CredentialsSource source) {
        return new CredentialsSetting(source, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
