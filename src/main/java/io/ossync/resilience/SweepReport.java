package io.ossync.resilience;

/**
 * What one run of the {@link OrphanSweep} found and did.
 *
 * @param listed   unfinished multipart uploads listed under the swept prefixes
 * @param known    of those, uploads a checkpoint names (kept: their upload resumes or restarts)
 * @param tooYoung of those, unknown uploads not yet old enough (or of unknown age), kept
 * @param aborted  unknown old uploads that are gone now: aborted by this run, or found already gone
 * @param failed   unknown old uploads whose abort failed (the next run tries again)
 * @param complete false when a listing or the checkpoint read failed, so some uploads were not
 *                 looked at (with no checkpoints to compare against, nothing is aborted)
 */
public record SweepReport(int listed, int known, int tooYoung, int aborted, int failed, boolean complete) {
}
