#!/usr/bin/env bash
# The logs benchmark (issue 12, run by hand, not in CI): logs that grow and rotate, `ossync run` beside the
# naive SDK poller (bench/NaivePoller.java), each scenario and client against a fresh emulator in the bench JVM.
# Bytes sent / new bytes for (a) a big log appended now and then and (b) logrotate rotations; lag of each
# write for (c) a log that is never quiet (ossync with max-delay when the build has it). See LogsBench.java.
#
#   bench/logs.sh                                    # 64 MiB × 30 appends, 10 rotations of 16 MiB, 60 s busy log
#   LOG_MIB=32 APPENDS=15 ROTATIONS=5 ROTATE_MIB=8 BUSY_SECONDS=30 bench/logs.sh
#   SCENARIOS=busy bench/logs.sh                     # one scenario (append, rotate, busy; comma-separated)
#
# Settings (environment): LOG_MIB (64), APPENDS (30), APPEND_KIB (256, also the rotate scenario's writes),
# APPEND_PAUSE_MS (1700, longer than the quiet period), ROTATIONS (10), ROTATE_MIB (16), KEEP (5 rotated files),
# ROTATE_PAUSE_MS (100), BUSY_SECONDS (60), BUSY_LINE_KIB (4), BUSY_EVERY_MS (100), MAX_DELAY (5s), QUIET_MS (1000,
# both clients), POLLER_THREADS (2), SETTLE_SECONDS (300: how long to wait for every object to equal its file),
# SCENARIOS (append,rotate,busy), OSSYNC_JAR / BUILD_DIR (the jar; see lib.sh), BENCH_TMP (parent of the temporary
# folder), SUMMARY_FILE (also write tab-separated summary rows there, for bench/run).
# Results: printed, and written to bench/results/logs-<date>.md.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
bench_setup logs
bench_run LogsBench bench/LogsBench.java bench/WatchClients.java bench/NaivePoller.java \
    bench/MachineInfo.java
