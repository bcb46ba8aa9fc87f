package io.ossync.daemon;

import io.ossync.metrics.OssyncMetrics;
import io.ossync.upload.RestartReason;
import io.ossync.upload.UploadListener;

/** Feeds the engine's progress of every upload into the daemon's metrics. */
final class MetricsListener implements UploadListener {

    private final OssyncMetrics metrics;

    MetricsListener(OssyncMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void partSending(int partNumber) {
        metrics.partStarted();
    }

    @Override
    public void partSendEnded(int partNumber) {
        metrics.partFinished();
    }

    @Override
    public void partConfirmed(int partNumber, long bytes) {
        metrics.bytesSent(bytes);
    }

    @Override
    public void partCopied(int partNumber, long bytes) {
        metrics.bytesCopied(bytes);
    }

    @Override
    public void restarted(RestartReason reason, String detail) {
        metrics.uploadRestarted(reason.label());
    }
}
