# Shared set-up of the Java benchmarks (sourced, not run): find or build the jar, make a temporary
# folder that is deleted on exit, compile the bench sources against the jar and run the bench JVM.
# After `bench_setup NAME`: $root, $jar, $work. Then `bench_run MAIN SOURCES...`.

bench_setup() {
    cd "$(dirname "${BASH_SOURCE[1]}")/.."
    root=$(pwd)
    # OSSYNC_JAR runs another build (e.g. one saved before a change) with the same bench. BUILD_DIR builds
    # into (and runs the jar of) another build folder, so that parallel builds of one checkout stay apart.
    local build_dir=${BUILD_DIR:-$root/target}
    jar=$(realpath "${OSSYNC_JAR:-$build_dir/ossync.jar}" 2>/dev/null || echo "$build_dir/ossync.jar")
    if [[ ! -f "$jar" && -z "${OSSYNC_JAR:-}" ]]; then
        echo "bench: building $jar"
        mvn -B -q package -DskipTests -DbuildDir="$build_dir"
    fi
    [[ -f "$jar" ]] || { echo "bench: no jar at $jar" >&2; exit 1; }
    # What the report calls the build (a caller may name it itself).
    if [[ -z "${BENCH_BUILD:-}" ]]; then
        if [[ -n "${OSSYNC_JAR:-}" ]]; then
            BENCH_BUILD="$jar (OSSYNC_JAR)"
        else
            BENCH_BUILD="$jar of commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' with uncommitted changes')"
        fi
        export BENCH_BUILD
    fi
    work=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/ossync-$1-bench.XXXXXX")
    bench_pid=
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2>/dev/null; then
        kill "$bench_pid" 2>/dev/null || true
        wait "$bench_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}

# Compiles the given sources and runs MAIN with (work folder, jar, classes, results folder). The
# bench JVM hosts the emulator: its own log stays quiet; the clients log at INFO to their files.
bench_run() {
    local main=$1
    shift
    javac -nowarn -d "$work/classes" -cp "$jar" "$@"
    OSSYNC_LOG_LEVEL=WARN java -cp "$jar:$work/classes" "$main" "$work" "$jar" "$work/classes" "$root/bench/results" &
    bench_pid=$!
    wait "$bench_pid"
}
