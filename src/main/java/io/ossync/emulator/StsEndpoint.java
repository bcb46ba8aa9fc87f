package io.ossync.emulator;

/** The credential endpoints the emulator serves when STS is on (see {@link StsHandler} for paths and formats). */
public enum StsEndpoint {
    /** {@code GET /sts/credentials}: the JSON an {@code ALIBABA_CLOUD_CREDENTIALS_URI} server answers. */
    CREDENTIALS_URI,
    /** {@code PUT /latest/api/token}: an ECS metadata (IMDSv2) session token. */
    ECS_TOKEN,
    /** {@code GET /latest/meta-data/ram/security-credentials/}: the instance's RAM role name. */
    ECS_ROLE,
    /** {@code GET /latest/meta-data/ram/security-credentials/ROLE}: the role's credentials JSON. */
    ECS_CREDENTIALS,
    /** {@code POST /?Action=AssumeRoleWithOIDC}: the STS API call of ACK RRSA. */
    OIDC
}
