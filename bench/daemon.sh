#!/usr/bin/env bash
# The daemon benchmark (run by hand, not in CI): `ossync run` beside a naive SDK poller
# (bench/NaivePoller.java), against the ossync emulator on loopback: latency from last write to
# verified object, a burst of small files, idle CPU, start-up scan of a large tree. See DaemonBench.java.
#
#   bench/daemon.sh                                     # 100 files, 20,000 burst, 30 s idle, 100,000-file tree
#   LATENCY_FILES=50 BURST_FILES=5000 IDLE_SECONDS=15 START_FILES=30000 bench/daemon.sh
#
# Settings (environment): LATENCY_FILES (100), GAP_MS (300), BURST_FILES (20000), BURST_FOLDERS (200),
# WARMUP_FILES (0: a burst of that many files, not measured, before the measured one), EMULATOR_WARMUP (10000
# PutObjects from the bench JVM before the first client, so that neither client meets a cold emulator),
# IDLE_SECONDS (30), START_FILES (100000), QUIET_MS (1000, both clients), POLLER_THREADS (1: issue 14's naive poller),
# OSSYNC_JAR (target/ossync.jar), OSSYNC_JAVA_OPTS (JVM options of ossync only, e.g. a JFR recording;
# unset: the shipped conf/jvm.options, as the launcher gives them; set and empty: the JVM's defaults),
# BENCH_TMP (parent of the temporary folder, default $TMPDIR or /tmp),
# SUMMARY_FILE (also write tab-separated summary rows there, for bench/run).
# Results: printed, and written to bench/results/daemon-<date>.md.
set -euo pipefail

if [ -z "${OSSYNC_JAVA_OPTS+set}" ]; then
    OSSYNC_JAVA_OPTS=$(sed 's/#.*//; s/^[[:space:]]*//; s/[[:space:]]*$//; /^$/d' "$(dirname "$0")/../conf/jvm.options" | tr '\n' ' ')
    export OSSYNC_JAVA_OPTS
fi
source "$(dirname "$0")/lib.sh"
bench_setup daemon
bench_run DaemonBench bench/DaemonBench.java bench/WatchClients.java bench/NaivePoller.java bench/MachineInfo.java bench/ProcessProbe.java
