#!/bin/sh
# Soak run of the chaos test (ChaosIT), by hand (not CI): the daemon killed with kill -9 KILLS times while the
# emulator fails ~10% of requests, adds latency and cuts upload parts; then every object is checked
# against its file, nothing may be left open or pending, and the bytes received must stay within the
# invariants' bound (see src/test/java/io/ossync/chaos/ChaosIT.java).
#
# Usage: KILLS=100 FILES=600 SEED=42 MAX_FILE_MIB=32 bench/soak.sh
#   KILLS         kills and restarts (default 100)
#   FILES         files in the workload (default 6 per kill, at least 200)
#   SEED          seed of everything random (default: a new one, printed)
#   MAX_FILE_MIB  largest file (default 32)
# The figures line ("chaos: seed=... ratio=...") is appended to bench/results/soak.txt.
set -e
cd "$(dirname "$0")/.."
KILLS=${KILLS:-100}
FILES=${FILES:-$(( KILLS * 6 > 200 ? KILLS * 6 : 200 ))}
SEED=${SEED:-$(date +%s%N)}
MAX_FILE_MIB=${MAX_FILE_MIB:-32}
out=target/soak-$SEED.log
mkdir -p target bench/results
echo "soak: kills=$KILLS files=$FILES seed=$SEED max_file_mib=$MAX_FILE_MIB log=$out"
status=0
# ChaosIT is an integration test: failsafe runs it (after package); -Dtest=none skips the unit tests.
mvn -B -q verify -Dit.test=ChaosIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.kills="$KILLS" -Dchaos.files="$FILES" -Dchaos.seed="$SEED" -Dchaos.maxFileMiB="$MAX_FILE_MIB" \
  >"$out" 2>&1 || status=$?
figures=$(grep '^chaos: seed=.*ratio=' "$out" || true)
echo "${figures:-chaos: no figures (the run failed before the end; see $out)}"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD) exit=$status ${figures:-no figures, see $out}" \
  >>bench/results/soak.txt
[ "$status" -eq 0 ] || { grep -E 'FAIL|Assertion|expected|Expecting' "$out" | head -20; echo "soak: FAILED (exit $status)"; }
exit "$status"
