#!/usr/bin/env bash
# Measures the upload bandwidth limiter on the real clock (io.ossync.throttle.BandwidthBench).
#   bench/bandwidth.sh [RATE [THREADS [SECONDS]]]      e.g. bench/bandwidth.sh 2MiB 3 60
# Prints the overall rate, the worst 10 s and 1 s windows against the asked rate, and each
# thread's share. The limiter needs nothing but the JDK, so the classes are run directly.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-target} # BUILD_DIR: another build folder (mvn -DbuildDir), as in lib.sh
mvn -B -q test-compile -DbuildDir="$(realpath -m "$build_dir")"
exec java -cp "$build_dir/classes:$build_dir/test-classes" io.ossync.throttle.BandwidthBench "${1:-2MiB}" "${2:-3}" "${3:-30}"
