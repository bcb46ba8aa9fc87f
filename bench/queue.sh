#!/usr/bin/env bash
# The job queue at the scale of a start-up scan (run by hand, not in CI): 100,000 jobs enqueued in
# one call, 20,000 claimed and done, the same 100,000 enqueued again, then the queue + ledger share
# of one small file end to end, on a real SQLite file in a temporary folder. See QueueThroughput.java.
#
#   bench/queue.sh
#
# Settings (environment): OSSYNC_JAR (target/ossync.jar), BENCH_TMP (parent of the temporary folder).
# Results: printed.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
bench_setup queue
bench_run QueueThroughput bench/QueueThroughput.java
