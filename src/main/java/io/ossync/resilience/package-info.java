/**
 * Staying up while the world misbehaves.
 * <ul>
 *   <li>{@link io.ossync.resilience.CircuitBreakingObjectStore}: the object store behind a circuit
 *       breaker; {@link io.ossync.resilience.StoreAvailability} lets workers pause while the
 *       endpoint is down and resume on their own when it is back.</li>
 *   <li>{@link io.ossync.resilience.ErrorLogThrottle}: an error repeated many times is logged once
 *       per 30 s, with a count.</li>
 *   <li>{@link io.ossync.resilience.OrphanSweep}: aborts multipart uploads under ossync's prefixes
 *       that no checkpoint knows, at start and every few hours.</li>
 * </ul>
 * The per-request retry stays in {@code io.ossync.upload.RequestRetry}; the order of the layers is
 * retry (outside) then breaker (inside), so every attempt is one call the breaker sees.
 */
package io.ossync.resilience;
