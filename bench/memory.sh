#!/usr/bin/env bash
# The memory probe (run by hand, not in CI): how much the daemon holds per watched, uploaded file.
# For each build: `ossync run` on an empty folder (live heap), then on a tree of FILES tiny files
# (PER_DIR a folder) until every file is uploaded, then restarted on it: time from spawn to the
# start scan's "scan completed" (restart to idle), live heap after a full GC (the class
# histogram's total: `jcmd PID GC.class_histogram` collects first), RSS, idle CPU over
# IDLE_SECONDS, and the top of the class histogram. Live heap per file = (heap at FILES - heap
# empty) / FILES. Each build has its own state database and prefix; the emulator
# (`ossync emulator`, a child JVM) and the tree are shared.
#
#   bench/memory.sh                                             # this checkout's jar, its shipped JVM options
#   BUILDS="old|/tmp/build-base/ossync.jar|;new|target/ossync.jar|unit" FILES=100000 bench/memory.sh
#
# BUILDS: `label|jar|java options` entries separated by ';'; options `unit` are the ones shipped: conf/jvm.options
# (what the launcher gives the JVM) with the unit's MALLOC_ARENA_MAX; empty is the JVM's defaults.
# SEED=1 (for a million files, where uploading them all takes too long here): a first start on the
# new tree only until its scan completes (peak RSS while the scan fills the quiet gate), then a
# ledger seeded with every file's real identity (bench/MemoryProbe.java) and the restart on it;
# the "upload" columns are then that first scan's.
# Settings: FILES (100000), PER_DIR (1000), IDLE_SECONDS (60), QUIET_MS (500), UPLOAD_TIMEOUT_S (3600),
# BENCH_TMP (parent of the work folder). Needs jcmd (the JDK). Results: printed, and appended as
# a Markdown table to OUT (default: bench/results/memory-<date>.md).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
FILES=${FILES:-100000}
PER_DIR=${PER_DIR:-1000}
IDLE_SECONDS=${IDLE_SECONDS:-60}
QUIET_MS=${QUIET_MS:-500}
UPLOAD_TIMEOUT_S=${UPLOAD_TIMEOUT_S:-3600}
SEED=${SEED:-}
BUILDS=${BUILDS:-"this|${BUILD_DIR:-$root/target}/ossync.jar|unit"}
OUT=${OUT:-$root/bench/results/memory-$(date -u +%F).md}
# The launcher's rules: one option a line, '#' starts a comment.
unit_opts=$(sed 's/#.*//; s/^[[:space:]]*//; s/[[:space:]]*$//; /^$/d' "$root/conf/jvm.options" | tr '\n' ' ' | sed 's/ $//')
unit_arena=$(sed -n 's/^Environment=MALLOC_ARENA_MAX=\(.*\)$/\1/p' "$root/systemd/ossync.service")

work=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ossync-memory-bench.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "[$(date -u +%T)] $*" >&2; }

export OSS_ACCESS_KEY_ID=bench-key-id OSS_ACCESS_KEY_SECRET=bench-key-secret

first_jar=$(echo "$BUILDS" | cut -d';' -f1 | cut -d'|' -f2)
port=$(( 20000 + RANDOM % 20000 ))
java -Xmx512m -jar "$first_jar" emulator --data "$work/emulator" --port "$port" --bucket bench \
    --region cn-hangzhou > "$work/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/emulator.log" 2>/dev/null && break; sleep 0.2; done
grep -q listening "$work/emulator.log" || { cat "$work/emulator.log"; exit 1; }

say "writing $FILES files, $PER_DIR a folder"
tree="$work/tree"
mkdir -p "$work/empty"
java -cp "$first_jar" bench/MemoryProbe.java tree "$tree" "$FILES" "$PER_DIR"
sync

config() { # NAME WATCH -> config path
    local c="$work/$1.yaml"
    cat > "$c" <<EOF
target: { endpoint: "http://127.0.0.1:$port", region: cn-hangzhou, bucket: bench }
state: $work/$1/state.db
watches:
  - path: $2
    prefix: "$1/"
    quiet-period: ${QUIET_MS}ms
EOF
    echo "$c"
}

daemon=
start() { # LABEL JAR OPTS CONFIG LOG
    local opts=$3 arena=
    [[ "$opts" == unit ]] && { opts=$unit_opts; arena=$unit_arena; }
    # shellcheck disable=SC2086
    MALLOC_ARENA_MAX=${arena:-} OSSYNC_LOG_LEVEL=INFO java $opts -XX:+ExitOnOutOfMemoryError -jar "$2" run \
        --config "$4" > "$5" 2>&1 &
    daemon=$!
    pids+=("$daemon")
}
stop() { kill "$daemon"; wait "$daemon" 2>/dev/null || true; }
await() { # LOG TEXT TIMEOUT_S
    local end=$((SECONDS + $3))
    until grep -q "$2" "$1"; do
        kill -0 "$daemon" 2>/dev/null || { tail -20 "$1"; exit 1; }
        ((SECONDS < end)) || { echo "no '$2' in $1 after $3 s" >&2; exit 1; }
        sleep 0.1
    done
}
live_heap() { jcmd "$daemon" GC.class_histogram | awk '/^Total/ {print $3}'; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$daemon/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }

rows=()
IFS=';' read -ra builds <<< "$BUILDS"
for build in "${builds[@]}"; do
    IFS='|' read -r label jar opts <<< "$build"
    home="$work/$label"
    mkdir -p "$home"
    say "$label: empty folder"
    start "$label" "$jar" "$opts" "$(config "$label-empty" "$work/empty")" "$home/empty.log"
    await "$home/empty.log" "scan completed" 120
    sleep 5
    empty_heap=$(live_heap)
    empty_rss=$(rss_kib)
    stop

    cfg=$(config "$label" "$tree")
    if [[ -n "$SEED" ]]; then
        # A first start on the new tree (the scan offers every file to the quiet gate), until its
        # scan completes: peak RSS meanwhile. Then a ledger that knows every file, as if uploaded.
        say "$label: first start on $FILES new files (until the scan completes)"
        start "$label" "$jar" "$opts" "$(config "$label-first" "$tree")" "$home/first.log"
        t0=$SECONDS
        upload_rss=0
        until grep -q "scan completed" "$home/first.log"; do
            kill -0 "$daemon" 2>/dev/null || { tail -20 "$home/first.log"; exit 1; }
            r=$(rss_kib); (( r > upload_rss )) && upload_rss=$r
            sleep 1
        done
        upload_s=$((SECONDS - t0))
        stop
        say "$label: seeding the ledger"
        java -cp "$jar" bench/MemoryProbe.java seed "$work/$label/state.db" "$tree" "$label/" | grep -v '^ts='
    else
        say "$label: uploading $FILES files"
        start "$label" "$jar" "$opts" "$cfg" "$home/upload.log"
        t0=$SECONDS
        end=$((SECONDS + UPLOAD_TIMEOUT_S))
        while (( $(grep -c "file uploaded" "$home/upload.log" || true) < FILES )); do
            kill -0 "$daemon" 2>/dev/null || { tail -20 "$home/upload.log"; exit 1; }
            ((SECONDS < end)) || { echo "$label: uploads not done after $UPLOAD_TIMEOUT_S s" >&2; exit 1; }
            sleep 2
        done
        upload_s=$((SECONDS - t0))
        upload_rss=$(rss_kib)
        stop
    fi

    say "$label: restart on $FILES uploaded files"
    start_ns=$(date +%s%N)
    start "$label" "$jar" "$opts" "$cfg" "$home/restart.log"
    await "$home/restart.log" "scan completed" 600
    idle_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    sleep 5
    c0=$(cpu_ticks)
    sleep "$IDLE_SECONDS"
    c1=$(cpu_ticks)
    idle_cpu=$(awk -v t=$((c1 - c0)) -v s="$IDLE_SECONDS" 'BEGIN {printf "%.2f", t / s}')   # ticks of 10 ms: % of a core
    rss=$(rss_kib)
    heap=$(live_heap)
    jcmd "$daemon" GC.class_histogram | head -18 > "$home/histogram.txt"
    jcmd "$daemon" GC.heap_info > "$home/heap_info.txt" 2>&1 || true
    resent=$(grep -c "file uploaded" "$home/restart.log" || true)
    scan_line=$(grep -m1 "scan completed" "$home/restart.log" | grep -o 'files=[0-9]* offered=[0-9]* duration_ms=[0-9]*')
    stop
    per_file=$(awk -v a="$heap" -v b="$empty_heap" -v n="$FILES" 'BEGIN {printf "%.0f", (a - b) / n}')
    row="| $label | $FILES | $(( empty_heap / 1024 / 1024 )) | $(( heap / 1024 / 1024 )) | **$per_file** | $(( upload_rss / 1024 )) | $(( rss / 1024 )) | $(awk -v m="$idle_ms" 'BEGIN {printf "%.1f", m / 1000}') | $idle_cpu | $resent | $upload_s |"
    rows+=("$row")
    say "$row"
    say "$label restart scan: $scan_line"
    {
        echo "### $label: class histogram after restart ($FILES files, top 15)"
        echo '```'
        cat "$home/histogram.txt"
        echo '```'
    } > "$work/hist-$label.md"
done

{
    echo
    echo "## $(date -u '+%F %T') UTC: FILES=$FILES PER_DIR=$PER_DIR IDLE_SECONDS=$IDLE_SECONDS QUIET_MS=$QUIET_MS SEED=$SEED"
    echo
    echo "Builds: \`$BUILDS\`; \`unit\` = \`$unit_opts\` with MALLOC_ARENA_MAX=$unit_arena."
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -1)."
    echo
    echo "| build | files | live heap empty (MiB) | live heap after restart (MiB) | bytes/file | RSS after upload (MiB; SEED: peak during first scan) | RSS idle after restart (MiB) | restart to idle (s) | idle CPU (% core) | re-sent on restart | upload (s; SEED: first scan) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    cat "$work"/hist-*.md
} | tee -a "$OUT"
