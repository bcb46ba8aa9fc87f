#!/bin/sh
# Throwaway measurements of the intake (see ScanBench.java). Usage: bench/run.sh [dir] [files]
set -e
cd "$(dirname "$0")/.."
mvn -B -q -o compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
exec java -Dlogback.configurationFile=bench/logback-bench.xml \
  -cp "target/classes:$(cat target/bench-classpath.txt)" bench/ScanBench.java "$@"
