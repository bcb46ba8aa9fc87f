package io.ossync.emulator;

import com.aliyun.credentials.http.CompatibleUrlConnClient;
import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.ECSMetadataServiceCredentialsFetcher;
import com.aliyun.credentials.provider.EcsRamRoleCredentialProvider;
import com.aliyun.credentials.provider.RefreshResult;

/**
 * credentials-java 1.0.3's own ECS metadata fetcher (token, role listing, credentials JSON, IMDSv1
 * fallback: all its code), sent to the emulator instead of 100.100.100.200. The library has no
 * option for that host (a private final field); its public seams are
 * {@link EcsRamRoleCredentialProvider#setFetcher} and the client passed to {@link #fetch}, used here.
 */
final class EmulatorEcsFetcher extends ECSMetadataServiceCredentialsFetcher {
    static final String METADATA_HOST = "http://100.100.100.200";

    private final String endpoint;

    EmulatorEcsFetcher(String endpoint, String roleName, boolean disableImdsV1) {
        super(roleName, disableImdsV1, 2000, 2000);
        this.endpoint = endpoint;
    }

    @Override
    public RefreshResult<CredentialModel> fetch(CompatibleUrlConnClient ignored) {
        return super.fetch(new RedirectingUrlConnClient(METADATA_HOST, endpoint));
    }

    /** The library's ECS RAM-role provider, fetching from the emulator; no background refresh thread. */
    static EcsRamRoleCredentialProvider provider(String endpoint, String roleName, boolean disableImdsV1) {
        EcsRamRoleCredentialProvider provider = EcsRamRoleCredentialProvider.builder()
                .roleName(roleName).disableIMDSv1(disableImdsV1).asyncCredentialUpdateEnabled(false).build();
        provider.setFetcher(new EmulatorEcsFetcher(endpoint, roleName, disableImdsV1));
        return provider;
    }
}
