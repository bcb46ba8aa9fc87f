package io.ossync.resilience;

import io.ossync.store.ObjectStore;
import io.ossync.store.ObjectStoreContract;
import io.ossync.store.OssCredentials;

import java.time.Clock;

/**
 * The {@link ObjectStore} contract of {@link CircuitBreakingObjectStore} in front of the SDK store,
 * with the daemon's breaker settings: below its threshold the breaker changes nothing, so every
 * result and every error must be the delegate's. What the breaker adds is
 * {@link CircuitBreakingObjectStoreTest}'s.
 */
class CircuitBreakingObjectStoreContractTest extends ObjectStoreContract {

    @Override
    protected ObjectStore open(String endpoint, OssCredentials credentials) {
        Clock clock = Clock.systemUTC();
        return new CircuitBreakingObjectStore(sdkStore(endpoint, credentials), BreakerSettings.DEFAULT,
                new ErrorLogThrottle(clock), clock);
    }
}
