#!/usr/bin/env bash
# The scale benchmark (issue 14; run by hand, not in CI): `ossync run` on generated trees of 100k and 1M tiny
# files, this build beside a previous one on the same tree: first-upload rate, restart to idle, re-sent bytes on
# restart, idle CPU, RSS and live heap per file, each build with the JVM options it ships (conf/jvm.options).
# See ScaleBench.java.
#
#   bench/scale.sh                                   # SIZES="100000 1000000", this build only
#   BASE_COMMIT=3c533ea bench/scale.sh               # also the build of that commit (git archive + mvn package)
#   SIZES=100000 BASE_JAR=/tmp/old/ossync.jar bench/scale.sh
#
# Settings (environment): SIZES ("100000 1000000"), FILES_PER_DIR (1000), IDLE_SECONDS (30), GEN_THREADS (4),
# UPLOAD_TIMEOUT_MIN (90), RESTART_TIMEOUT_MIN (10), FIRST (upload; "seed" skips the first upload and writes the
# ledger rows it would commit with this build's classes: restart and memory figures at 1M without hours of
# uploads), OSSYNC_JAR / BUILD_DIR (the build to bench, as lib.sh), OSSYNC_JAVA_OPTS (replaces the JVM options read
# from conf/jvm.options, the launcher's), BASE_JAR (a previous build) or BASE_COMMIT (built into BASE_BUILD_DIR, default
# /tmp/ossync-scale-base-COMMIT, reused when there; its conf/jvm.options, or before the launcher its systemd unit,
# gives its JVM options unless BASE_JAVA_OPTS is set),
# BENCH_JAVA_OPTS (the bench JVM, which hosts the emulator and its index of every object: -Xmx4g by default),
# BENCH_TMP (where the trees go: mind the disk, 1M files take about 4 GiB and 3M inodes with the emulator's
# copies), SUMMARY_FILE (tab-separated rows, for bench/run).
# Results: printed, and written to bench/results/scale-<date>.md.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
bench_setup scale

need_inodes=$(( $(echo "${SIZES:-100000 1000000}" | tr ' ,' '\n\n' | sort -n | tail -1) * 3 ))
free_inodes=$(df --output=iavail "$work" | tail -1 | tr -d ' ')
if (( free_inodes < need_inodes )); then
    echo "bench/scale.sh: $free_inodes inodes free under $work, about $need_inodes needed (tree + emulator)" >&2
    exit 1
fi

export CHECKOUT="$root"
if [[ -n "${BASE_COMMIT:-}" && -z "${BASE_JAR:-}" ]]; then
    base_dir=${BASE_BUILD_DIR:-/tmp/ossync-scale-base-$BASE_COMMIT}
    if [[ ! -f "$base_dir/target/ossync.jar" ]]; then
        echo "bench/scale.sh: building $BASE_COMMIT into $base_dir"
        rm -rf "$base_dir" && mkdir -p "$base_dir"
        git archive "$BASE_COMMIT" | tar -x -C "$base_dir"
        (cd "$base_dir" && mvn -B -q package -DskipTests -DbuildDir="$base_dir/target")
    fi
    export BASE_JAR="$base_dir/target/ossync.jar" BASE_CHECKOUT="$base_dir"
    export BASE_LABEL="previous build $(git rev-parse --short "$BASE_COMMIT")"
fi
if [[ -n "${BASE_JAR:-}" ]]; then
    export BASE_LABEL=${BASE_LABEL:-$BASE_JAR}
    export BENCH_BUILD="this build $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
fi
[[ -f "$CHECKOUT/conf/jvm.options" ]] || echo "bench/scale.sh: no $CHECKOUT/conf/jvm.options: the JVM options of its systemd unit"

javac -nowarn -d "$work/classes" -cp "$jar" bench/ScaleBench.java bench/ScaleReport.java bench/JvmOptions.java bench/ProcessProbe.java \
    bench/WatchClients.java bench/MachineInfo.java
# Not bench_run: the bench JVM needs a heap for the emulator's index of up to a million objects.
# shellcheck disable=SC2086
OSSYNC_LOG_LEVEL=WARN java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$jar:$work/classes" ScaleBench "$work" "$jar" "$work/classes" \
    "$root/bench/results" &
bench_pid=$!
wait "$bench_pid"
