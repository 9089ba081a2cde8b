#!/usr/bin/env bash
# Spark's overhead and scaling (issue 15's numbers): the same ensemble and grid (SparkBench) on the plain path, on
# local Spark in the same JVM, and on a standalone cluster of two workers (1 core each) and then one. Every Spark
# result is checked against the plain path's digest before its time is printed. Prints lines "BENCH ..." and keeps
# them in target/spark-bench.txt.
#
#   bash bench/spark_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/openblas-env.sh
rm -f target/spark-bench.txt
mvn -B -ntp -q -Pspark install -DskipTests
mvn -B -ntp -Pspark -pl spark test -Dgroups=bench -Dexcluded.groups=cluster -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='SparkBench#localSparkAgainstThePlainPath' -Dbench.out="$(pwd)/target/spark-bench.txt" | grep -E "BENCH|Tests run:|FAIL" || true
bash scripts/spark_cluster_test.sh -Dexcluded.groups=none -Dtest='SparkBench#clusterWithTwoWorkersThenOne' \
    -Dbench.out="$(pwd)/target/spark-bench.txt"
cat target/spark-bench.txt
