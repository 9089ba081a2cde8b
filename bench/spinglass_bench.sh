#!/usr/bin/env bash
# Times one gradient-descent step of the spherical 3-spin glass (Lambda = 100, 250, 500; 1000 walkers) in Java
# (org.landscape.spinglass, ND4J/OpenBLAS) and in PyTorch (Debian's python3-torch), in the same run, and prints
# the achieved GFLOP/s against the machine's double GEMM rate measured with ND4J's mmul in that run.
#   bash bench/spinglass_bench.sh [walkers=1000] [repeats=3] [sizes=100,250,500]
# The JVM gets the notebook kernel's limits (heap 900 MB, ND4J off-heap 640 MB). On a shared machine the figures
# are noisy: the GEMM rate is measured before and after the Java steps to show how much.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

source scripts/openblas-env.sh
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"

if [ ! -f kernel-lib/target/test-classes/org/landscape/bench/SpinGlassBench.class ] || [ ! -d kernel-lib/target/lib ]; then
  echo "building kernel-lib (tests skipped)..."
  mvn -B -q -ntp package -DskipTests
fi

out="$root/target/bench"
mkdir -p "$out"
walkers=1000; repeats=3; sizes=100,250,500
for a in "$@"; do
  case "$a" in
    walkers=*) walkers=${a#walkers=} ;;
    repeats=*) repeats=${a#repeats=} ;;
    sizes=*) sizes=${a#sizes=} ;;
    *) echo "unknown argument $a: use walkers=N repeats=N sizes=a,b,c" >&2; exit 2 ;;
  esac
done

echo "== Java (ND4J) =="
java -Xmx900m --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.maxbytes=640m -Dorg.bytedeco.javacpp.maxphysicalbytes=1800m \
  -cp "kernel-lib/target/test-classes:kernel-lib/target/classes:kernel-lib/target/lib/*" \
  org.landscape.bench.SpinGlassBench walkers="$walkers" repeats="$repeats" sizes="$sizes" 2>/dev/null \
  | grep -E "^(#|gemm|java-step)" | tee "$out/spinglass-java.txt"

echo "== PyTorch =="
/usr/bin/python3 bench/spinglass_bench_torch.py --walkers "$walkers" --repeats "$repeats" --sizes "$sizes" \
  | tee "$out/spinglass-torch.txt"

echo "== summary =="
/usr/bin/python3 - "$out/spinglass-java.txt" "$out/spinglass-torch.txt" <<'PY'
import sys
def parse(path):
    rows = {}
    for line in open(path):
        if line.startswith("#"):
            continue
        kind, *fields = line.split()
        d = dict(f.split("=") for f in fields)
        rows.setdefault(kind, []).append(d)
    return rows
j, t = parse(sys.argv[1]), parse(sys.argv[2])
before = float(j["gemm"][0]["gflops"]); after = float(j["gemm-after"][0]["gflops"])
gemm = max(before, after)  # the conservative reference: the faster of the two measurements
print(f"ND4J double GEMM (2000x2000): {before:.1f} GFLOP/s before, {after:.1f} after the Java steps; "
      f"fractions below are of the faster, {gemm:.1f}")
torch = {r["lambda"]: r for r in t.get("torch-step", [])}
print(f"{'lambda':>6} {'java s/step':>11} {'java GFLOP/s':>12} {'of GEMM':>8} {'torch s/step':>12} {'torch/java time':>15}")
for r in j["java-step"]:
    tr = torch.get(r["lambda"])
    ratio = float(tr["step_s"]) / float(r["step_s"]) if tr else float("nan")
    print(f"{r['lambda']:>6} {float(r['step_s']):>11.3f} {float(r['gflops']):>12.1f} {float(r['gflops']) / gemm:>8.2f} "
          f"{float(tr['step_s']) if tr else float('nan'):>12.3f} {ratio:>15.2f}")
last = j["java-step"][-1]
fraction = float(last["gflops"]) / gemm
print(f"target (at least half the GEMM rate at lambda = {last['lambda']}): {'met' if fraction >= 0.5 else 'NOT met'} "
      f"({fraction:.2f})")
PY
