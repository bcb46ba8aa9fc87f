#!/usr/bin/env bash
# Start-up of the short commands (issue 15): `ossync --version`, `ossync status --config F` and
# `ossync upload` of a 1 KiB file to the emulator, through the launcher bin/ossync and through plain
# `java -jar`, beside the SDK's uploadFile of the same file in a fresh JVM (same emulator).
#
#   bench/startup.sh                 # 5 rounds after 1 warm-up round
#   ROUNDS=9 bench/startup.sh
#
# Settings (environment): ROUNDS (5), WARMUP (1), OSSYNC_JAR / BUILD_DIR (see lib.sh; the launcher runs
# that jar, with the ossync.jsa next to it when there is one). Results: printed, and written to
# bench/results/startup-<date>.md.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
bench_setup startup
bench_run StartupBench bench/StartupBench.java bench/ChildProcess.java bench/MachineInfo.java bench/SdkUpload.java
