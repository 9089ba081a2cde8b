#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, then the spark module's cluster tests against it: a master and two
# workers (1 core, 1 GB each) on 127.0.0.1, each its own JVM, with the classpath of a plain Spark 4.0.1 install
# (spark/cluster/pom.xml: Spark's jars only), so that what the driver ships (kernel-lib, its dependencies, the job's
# classes) is tested too. The tests (JUnit tag "cluster", class ClusterTest) get the master in LANDSCAPE_SPARK_MASTER
# and this cluster's directory in LANDSCAPE_SPARK_CLUSTER_DIR (ClusterFixture reads it: worker PIDs, a script that
# starts another worker); one of them kills a worker and its executor midway through a job.
# Every process started here is stopped at the end by its PID, whatever happens.
#
#   bash scripts/spark_cluster_test.sh [Maven arguments, e.g. -Dtest=ClusterTest#sameResultAsRunHere]
#
# Needs: mvn -Pspark install -DskipTests done before (scripts/spark_test.sh does it). Keep: KEEP_CLUSTER_DIR=1 keeps
# the logs (target/spark-cluster/) after a success too.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/openblas-env.sh
start=$(date +%s)

if ! ls spark/target/lib/kernel-lib-spark-*.jar >/dev/null 2>&1; then
  echo "spark/target/lib has no kernel-lib-spark jar: build first with mvn -B -ntp -Pspark install -DskipTests" >&2
  exit 2
fi
cluster_lib="$root/spark/target/cluster-lib"
if ! ls "$cluster_lib"/spark-core_2.13-*.jar >/dev/null 2>&1; then
  echo "== the cluster's classpath: Spark's jars only (spark/target/cluster-lib) =="
  mvn -B -ntp -q -f spark/cluster/pom.xml package
fi

dir="$root/target/spark-cluster"
rm -rf "$dir"
mkdir -p "$dir/spark-home"
ln -s "$cluster_lib" "$dir/spark-home/jars"  # a worker builds its executors' classpath from SPARK_HOME/jars
: > "$dir/pids"
: > "$dir/workers.pids"

stop_all() {
  local rc=$?
  # Children first (a worker's executors), then the processes started here; by PID only.
  for pid in $(tac "$dir/pids" 2>/dev/null); do
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do kill -9 "$child" 2>/dev/null || true; done
    kill "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in $(cat "$dir/pids" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ]; then
    echo "cluster logs in $dir (master.log, worker-*.log, worker-*/app-*/*/stderr)"
  fi
  echo "cluster stopped; $(( $(date +%s) - start )) s in all"
  exit "$rc"
}
trap stop_all EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
port=$(free_port)
ui_port=$(free_port)
master="spark://127.0.0.1:$port"
ui="http://127.0.0.1:$ui_port"
echo "$ui" > "$dir/master-ui"
echo "$master" > "$dir/master"

export SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
jvm_options=$(grep -v '^#' spark/jvm-options.txt | tr '\n' ' ')

echo "== Spark master $master (web UI $ui) =="
# shellcheck disable=SC2086
java $jvm_options -Xmx256m -cp "$cluster_lib/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$ui_port" > "$dir/master.log" 2>&1 &
echo $! >> "$dir/pids"

# Starts one worker and records its PID (ClusterFixture runs it too, to replace a killed worker).
cat > "$dir/start-worker.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
n=\$(( \$(wc -l < "$dir/workers.pids") + 1 ))
mkdir -p "$dir/worker-\$n"
export SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
ui=\$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
nohup java $jvm_options -Xmx256m -cp "$cluster_lib/*" org.apache.spark.deploy.worker.Worker "$master" \\
    --host 127.0.0.1 --cores 1 --memory 1g --webui-port "\$ui" --work-dir "$dir/worker-\$n" \\
    > "$dir/worker-\$n.log" 2>&1 < /dev/null &
echo \$! >> "$dir/pids"
echo \$! >> "$dir/workers.pids"
echo \$!
EOF
chmod +x "$dir/start-worker.sh"

alive_workers() {
  curl -s --max-time 2 "$ui/json/" 2>/dev/null | python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("aliveworkers", 0))
except Exception: print(0)'
}
for i in 1 2; do "$dir/start-worker.sh" > /dev/null; done
echo "== workers: PIDs $(tr '\n' ' ' < "$dir/workers.pids")=="
for i in $(seq 1 120); do
  [ "$(alive_workers)" -ge 2 ] && break
  if [ "$i" -eq 120 ]; then echo "the two workers did not register with the master within 60 s" >&2; exit 1; fi
  sleep 0.5
done
echo "both workers registered after $(( $(date +%s) - start )) s"

echo "== cluster tests (JUnit tag cluster) =="
rc=0
LANDSCAPE_SPARK_MASTER="$master" LANDSCAPE_SPARK_CLUSTER_DIR="$dir" \
  mvn -B -ntp -Pspark -pl spark test -Dgroups=cluster -Dsurefire.failIfNoSpecifiedTests=false "$@" \
  > "$dir/maven.log" 2>&1 || rc=$?
grep -E "Tests run:|FAIL|BUILD" "$dir/maven.log" || true
if [ "$rc" -ne 0 ]; then
  tail -n 60 "$dir/maven.log"
  echo "cluster tests failed: full log in $dir/maven.log"
  exit "$rc"
fi
[ -n "${KEEP_CLUSTER_DIR:-}" ] || rm -rf "$dir"/worker-*/
echo "cluster tests passed"
