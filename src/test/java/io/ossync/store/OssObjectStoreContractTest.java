package io.ossync.store;

/** The {@link ObjectStore} contract of {@link OssObjectStore}: the official SDK against the emulator. */
class OssObjectStoreContractTest extends ObjectStoreContract {

    @Override
    protected ObjectStore open(String endpoint, OssCredentials credentials) {
        return sdkStore(endpoint, credentials);
    }
}
