#!/usr/bin/env bash
# The optional Spark support's tests: builds everything with the spark profile (kernel-lib's own tests are
# scripts/test.sh's), runs the spark module's tests in one JVM with Spark in it (local[2]), then a real standalone
# cluster (scripts/spark_cluster_test.sh: a master and two workers on 127.0.0.1, one of them killed midway through a
# job). Exits non-zero if any step fails; prints one line per step at the end.
#
#   bash scripts/spark_test.sh
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/openblas-env.sh
mkdir -p target
summary=()
failed=0
step() {  # step NAME LOG COMMAND...: runs COMMAND, its output in LOG
  local name=$1 log=$2 t0 rc
  shift 2
  echo "== $name =="
  t0=$(date +%s)
  "$@" > "$log" 2>&1
  rc=$?
  grep -E "Tests run:.*Fail|BUILD|cluster (tests|stopped)|registered" "$log" | grep -v "^\[INFO\] Tests run:.* -- in " || true
  if [ "$rc" -eq 0 ]; then
    summary+=("ok      $name ($(( $(date +%s) - t0 )) s)")
  else
    tail -n 60 "$log"
    summary+=("FAILED  $name ($(( $(date +%s) - t0 )) s; log: $log)")
    failed=1
  fi
  return "$rc"
}

if step "build (mvn -Pspark install -DskipTests)" target/spark-build.log mvn -B -ntp -Pspark install -DskipTests; then
  step "spark module tests (local[2])" target/spark-tests.log mvn -B -ntp -Pspark -pl spark test
  step "standalone cluster tests" target/spark-cluster.log bash scripts/spark_cluster_test.sh
fi

echo "== summary =="
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "Spark tests FAILED"
  exit 1
fi
echo "Spark tests passed"
