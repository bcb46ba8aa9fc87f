#!/usr/bin/env bash
# Benchmark of the resumable multipart upload (run by hand, not in CI):
#   ossync upload  vs  the official SDK's uploadFile  vs  one PutObject of the whole file (ceiling),
# on loopback against the ossync emulator; peak RSS; kill -9 at ~50 % and resume.
#
#   bench/upload.sh                      # 1 GiB file, 3 rounds, 8 MiB parts, 4 routines, 4 GiB RSS run
#   SIZE_MIB=256 ROUNDS=5 LARGE_MIB=0 bench/upload.sh
#
# Settings (environment): SIZE_MIB (1024), ROUNDS (3), PART_MIB (8), ROUTINES (4), LARGE_MIB (4096,
# 0 skips), WARMUP (1), KILL_AT (0.5), CLIENT_JAVA_OPTS (none; JVM options for all three clients,
# e.g. -Xmx64m), OSSYNC_JAR (target/ossync.jar; the jar gives ossync, the SDK and the emulator). BENCH_TMP picks the parent of the temporary folder (default
# $TMPDIR or /tmp); the file and the emulator's data both live there, on the same disk, and the
# folder is deleted at the end. Results: printed, and written to bench/results/upload-<date>.md.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
bench_setup upload
bench_run UploadBench bench/UploadBench.java bench/ChildProcess.java bench/BenchReport.java bench/MachineInfo.java bench/SdkUpload.java
