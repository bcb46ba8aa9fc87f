package io.ossync.store;

import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentials;
import io.ossync.config.CredentialsSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The OSS SDK's {@link CredentialsProvider}, fed by the credentials sources of
 * {@link CredentialSources} and refreshed in the background: every request signs with the
 * current triple (a volatile read), never waits for a fetch.
 *
 * <p>Refresh policy: temporary credentials are fetched again at 80% of their lifetime (20 s keys
 * after 16 s, 1 h keys after 48 min) on this provider's own thread; a fetch that fails is logged
 * (WARN, once per reason a minute), reported by {@link #problem()} (the daemon's {@code /health}
 * answers 503 with it) and tried again after 1, 2, 4... up to 60 s, while requests keep the
 * last good triple. Permanent keys are fetched once. The first source of the chain that answers
 * is kept for later refreshes, as the library's own chain does. A request that OSS refuses
 * because its credentials expired is signed again once after {@link #renewAfterRejection}.
 *
 * <p>Nothing here logs or returns a secret or a token: {@link #state()} has the source and the
 * expiry, failures pass through {@link CredentialsFailureText}, and {@link #redact} knows every
 * secret handed out lately, for the store's error texts.
 */
public final class RefreshingCredentialsProvider implements CredentialsProvider, SecretRedactor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RefreshingCredentialsProvider.class);

    /** The share of a lifetime after which temporary credentials are fetched again. */
    static final double REFRESH_AT = 0.8;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);
    /**
     * How often a token without a stated expiry is fetched again: credentials.ini's role profiles
     * answer STS credentials without their expiration; re-reading the environment costs nothing.
     */
    static final Duration TOKEN_WITHOUT_EXPIRY = Duration.ofMinutes(10);
    /** A failure with the same reason is logged again at most this often. */
    static final Duration LOG_EVERY = Duration.ofMinutes(1);
    /** How many past triples stay known to {@link #redact}: a request may still fail with an old one. */
    private static final int REMEMBERED = 4;

    /** What status, health and metrics show: never a secret. */
    public record State(String source, Optional<String> accessKeyId, Optional<Instant> expiry,
                        Optional<String> problem, Optional<Instant> problemSince) {
    }

    private final List<CredentialSources.Source> sources;
    private final String description;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Deque<OssCredentials> recent = new ArrayDeque<>();

    private volatile Consumer<State> listener = state -> {
    };
    private volatile CredentialsSnapshot current;
    private volatile String problem;
    private volatile Instant problemSince;
    private CredentialSources.Source sticky;
    private int failures;
    private String lastLogged;
    private Instant lastLoggedAt = Instant.EPOCH;
    private ScheduledFuture<?> next;
    private boolean closed;

    RefreshingCredentialsProvider(List<CredentialSources.Source> sources, String description, Clock clock,
                                  ScheduledExecutorService scheduler, boolean ownsScheduler) {
        this.sources = List.copyOf(sources);
        this.description = description;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = scheduler;
        this.ownsScheduler = ownsScheduler;
    }

    /**
     * Fetches the first credentials now (a source that fails does not stop the daemon: it says
     * why through {@link #problem()} and is tried again in the background), then keeps them fresh.
     *
     * @param home the home folder whose profile files are read (the JVM's {@code user.home})
     * @throws IllegalArgumentException when a pinned source lacks what it needs
     */
    public static RefreshingCredentialsProvider start(CredentialsSetting setting, Map<String, String> env, Path home) {
        List<CredentialSources.Source> sources = CredentialSources.of(setting, env, home);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "credentials-refresh");
            t.setDaemon(true);
            return t;
        });
        // A pinned source is named as in its log lines ("uri http://..."), the chain as "auto (chain)".
        String description = sources.size() == 1 ? sources.get(0).name() : CredentialSources.describe(setting);
        RefreshingCredentialsProvider p = new RefreshingCredentialsProvider(sources, description, Clock.systemUTC(),
                scheduler, true);
        p.refresh();
        return p;
    }

    /** Credentials that never change (the embedded emulator's, tests'): no thread, no refresh. */
    public static RefreshingCredentialsProvider fixed(OssCredentials credentials, String source) {
        RefreshingCredentialsProvider p = new RefreshingCredentialsProvider(List.of(), source, Clock.systemUTC(), null,
                false);
        p.accept(new CredentialsSnapshot(credentials, source, Optional.empty(), Instant.now()));
        return p;
    }

    /** Fetches now and schedules the next refresh; failures are recorded, never thrown. */
    void refresh() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        Duration delay;
        try {
            CredentialsSnapshot s = fetch();
            boolean first = current == null;
            String wasProblem = problem;
            accept(s);
            delay = refreshDelay(s);
            if (first || wasProblem != null) {
                log.info("credentials {} source={} access_key_id={} expiry={}{}", first ? "loaded" : "recovered",
                        s.source(), s.credentials().accessKeyId(), s.expiry().map(Instant::toString).orElse("none"),
                        delay == null ? "" : " next_refresh_in=" + delay.toSeconds() + "s");
            } else {
                log.debug("credentials refreshed source={} access_key_id={} expiry={}", s.source(),
                        s.credentials().accessKeyId(), s.expiry().map(Instant::toString).orElse("none"));
            }
        } catch (RuntimeException e) {
            delay = failed(String.valueOf(e.getMessage()), true);
        }
        schedule(delay);
        changed();
    }

    /**
     * Called with the new {@link #state()} after each fetch, good or failed, on the thread that
     * fetched (the daemon records it for {@code ossync status}). A listener that throws is logged.
     */
    public void onChange(Consumer<State> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    private void changed() {
        try {
            listener.accept(state());
        } catch (RuntimeException e) {
            log.warn("credentials state not recorded reason=\"{}\"", e.getMessage());
        }
    }

    /**
     * A request signed with {@code keyId} was refused as expired or unknown: fetches anew unless
     * that already happened. True when the caller should sign its request again (once).
     */
    public boolean renewAfterRejection(String keyId) {
        CredentialsSnapshot now = current;
        if (now == null) {
            return false;
        }
        if (!now.credentials().accessKeyId().equals(keyId)) {
            return true;
        }
        if (sources.isEmpty()) {
            return false;
        }
        synchronized (this) {
            if (current != null && !current.credentials().accessKeyId().equals(keyId)) {
                return true;
            }
            try {
                CredentialsSnapshot s = fetch();
                accept(s);
                boolean keyChanged = !s.credentials().accessKeyId().equals(keyId);
                if (keyChanged) {
                    log.info("credentials renewed after OSS refused them source={} access_key_id={} expiry={}",
                            s.source(), s.credentials().accessKeyId(), s.expiry().map(Instant::toString).orElse("none"));
                }
                schedule(refreshDelay(s));
                changed();
                // The same temporary key id may come with a new token (an STS session renewed).
                return keyChanged || s.temporary();
            } catch (RuntimeException e) {
                // Not counted and the retry already scheduled is kept: a burst of refused requests
                // must not put the next refresh off to the back-off's cap.
                Duration backoff = failed(String.valueOf(e.getMessage()), false);
                if (next == null || next.isDone()) {
                    schedule(backoff);
                }
                changed();
                return false;
            }
        }
    }

    /** The key id requests sign with now; null before any credentials were obtained. */
    public String currentKeyId() {
        CredentialsSnapshot s = current;
        return s == null ? null : s.credentials().accessKeyId();
    }

    /** Why no fresh credentials could be had, while it lasts; empty when the last fetch worked. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Empty when credentials were obtained; else why requests cannot be signed. */
    public Optional<String> unavailable() {
        return current != null ? Optional.empty()
                : Optional.of("no credentials: " + Optional.ofNullable(problem).orElse("not loaded yet"));
    }

    public State state() {
        CredentialsSnapshot s = current;
        return new State(s == null ? description : s.source(),
                s == null ? Optional.empty() : Optional.of(s.credentials().accessKeyId()),
                s == null ? Optional.empty() : s.expiry(), Optional.ofNullable(problem), Optional.ofNullable(problemSince));
    }

    @Override
    public Credentials getCredentials() {
        CredentialsSnapshot s = current;
        if (s == null) {
            // Never used to send: the store refuses to call out without credentials (unavailable()).
            return new DefaultCredentials("ossync-no-credentials", "ossync-no-credentials");
        }
        OssCredentials c = s.credentials();
        return new DefaultCredentials(c.accessKeyId(), c.accessKeySecret(), c.sessionToken().orElse(null));
    }

    /** The SDK's setter: ossync's credentials come from the sources only. */
    @Override
    public void setCredentials(Credentials creds) {
        throw new UnsupportedOperationException("credentials are refreshed from their source");
    }

    @Override
    public String redact(String text) {
        List<OssCredentials> known;
        synchronized (recent) {
            known = new ArrayList<>(recent);
        }
        String out = text;
        for (OssCredentials c : known) {
            out = c.redact(out);
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    /** Asks the kept source, or walks the chain until one answers. */
    private synchronized CredentialsSnapshot fetch() {
        List<CredentialSources.Source> order = sticky != null ? List.of(sticky) : sources;
        List<String> reasons = new ArrayList<>();
        for (CredentialSources.Source source : order) {
            Optional<CredentialModel> model;
            try {
                model = source.fetch().get();
            } catch (RuntimeException e) {
                reasons.add(CredentialsFailureText.of(source.name(), e, this));
                continue;
            }
            if (model.isEmpty()) {
                continue;
            }
            CredentialsSnapshot s = snapshot(source.name(), model.get());
            sticky = source;
            return s;
        }
        if (reasons.isEmpty()) {
            throw new IllegalStateException("no credentials found (" + description + "): set OSS_ACCESS_KEY_ID and "
                    + "OSS_ACCESS_KEY_SECRET, or see README \"Credentials\" for the other sources");
        }
        // Each reason starts with its source's name.
        throw new IllegalStateException(order.size() == 1 ? reasons.get(0)
                : "no source of the chain answered: " + String.join("; ", reasons));
    }

    private CredentialsSnapshot snapshot(String source, CredentialModel m) {
        if (m.getAccessKeyId() == null || m.getAccessKeyId().isBlank() || m.getAccessKeySecret() == null
                || m.getAccessKeySecret().isBlank()) {
            throw new IllegalStateException(source + ": answered no access key id or secret");
        }
        Instant now = clock.instant();
        Optional<Instant> expiry = m.getExpiration() > 0 ? Optional.of(Instant.ofEpochMilli(m.getExpiration()))
                : Optional.empty();
        if (expiry.isPresent() && !expiry.get().isAfter(now)) {
            throw new IllegalStateException(source + ": answered credentials that expired at " + expiry.get()
                    + " (now " + now + "; check the clocks)");
        }
        OssCredentials c = new OssCredentials(m.getAccessKeyId(), m.getAccessKeySecret(),
                Optional.ofNullable(m.getSecurityToken()));
        return new CredentialsSnapshot(c, source, expiry, now);
    }

    private void accept(CredentialsSnapshot s) {
        synchronized (recent) {
            recent.addFirst(s.credentials());
            while (recent.size() > REMEMBERED) {
                recent.removeLast();
            }
        }
        current = s;
        problem = null;
        problemSince = null;
        synchronized (this) {
            failures = 0;
        }
    }

    /**
     * When to fetch again: at {@link #REFRESH_AT} of the lifetime; every {@link #TOKEN_WITHOUT_EXPIRY}
     * for a token of unknown lifetime; null (never) for permanent keys.
     */
    Duration refreshDelay(CredentialsSnapshot s) {
        if (s.expiry().isEmpty()) {
            return s.credentials().sessionToken().isPresent() ? TOKEN_WITHOUT_EXPIRY : null;
        }
        Duration lifetime = Duration.between(s.fetchedAt(), s.expiry().get());
        Instant at = s.fetchedAt().plusMillis((long) (lifetime.toMillis() * REFRESH_AT));
        Duration delay = Duration.between(clock.instant(), at);
        return delay.compareTo(FIRST_RETRY) < 0 ? FIRST_RETRY : delay;
    }

    /** Records why a fetch failed; {@code counts}: a scheduled refresh, which grows the back-off. */
    private synchronized Duration failed(String reason, boolean counts) {
        if (counts) {
            failures++;
        }
        Instant now = clock.instant();
        if (problem == null) {
            problemSince = now;
        }
        problem = reason;
        if (!reason.equals(lastLogged) || !now.isBefore(lastLoggedAt.plus(LOG_EVERY))) {
            log.warn("credentials refresh failed, retrying in the background reason=\"{}\" failures={} valid_until={}",
                    reason, failures, current == null ? "none"
                            : current.expiry().map(Instant::toString).orElse("no expiry"));
            lastLogged = reason;
            lastLoggedAt = now;
        }
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 10);
        Duration backoff = FIRST_RETRY.multipliedBy(factor);
        return backoff.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff;
    }

    private synchronized void schedule(Duration delay) {
        if (scheduler == null || closed || delay == null) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = scheduler.schedule(this::refreshQuietly, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The scheduled task: whatever happens, it logs and the next one is scheduled. */
    private void refreshQuietly() {
        try {
            refresh();
        } catch (Throwable t) {
            log.error("credentials refresh task failed", t);
            schedule(MAX_RETRY);
        }
    }
}
