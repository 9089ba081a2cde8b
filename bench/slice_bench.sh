#!/usr/bin/env bash
# Speed of 2-D loss slices: the library (plane evaluator, and a plain per-point DL4J loop) against the per-point
# PyTorch loop, same network (100-100-10 tanh, 10,000 examples, double), same machine, one run. Not a test.
# Needs Debian's python3-torch. Usage: bash bench/slice_bench.sh [examples] [grid side]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/openblas-env.sh
mvn -B -q -ntp test-compile -pl kernel-lib >/dev/null
[ -d kernel-lib/target/lib ] || mvn -B -q -ntp package -DskipTests
cp="kernel-lib/target/test-classes:kernel-lib/target/classes:$(ls kernel-lib/target/lib/*.jar | grep -v '/kernel-lib-' | tr '\n' ':')"
examples="${1:-10000}"; side="${2:-12}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}; $examples examples, ${side}x${side} grid"
java_out=$(java -Xmx2g --add-modules=jdk.incubator.vector -cp "$cp" org.landscape.bench.SliceBench "$examples" "$side" 2>/dev/null)
# PyTorch also runs with OMP_WAIT_POLICY=passive: measured here, its default (spinning) made its loop 1.4x slower.
torch_out=$(/usr/bin/python3 bench/slice_bench_torch.py "$examples" "$side")
echo "$java_out"; echo "$torch_out"
/usr/bin/python3 - "$java_out" "$torch_out" <<'PY'
import sys
vals = {}
for block in sys.argv[1:]:
    for line in block.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                vals[parts[0]] = float(parts[1])
            except ValueError:
                pass
lib, naive, torch = vals["library_plane_points_per_s"], vals["library_per_point_dl4j_points_per_s"], vals["torch_per_point_points_per_s"]
print(f"ratio library plane / torch per-point loop: {lib / torch:.2f}x (target >= 2)")
print(f"ratio library per-point DL4J loop / torch per-point loop: {naive / torch:.2f}x")
print(f"library plane effective rate {vals['library_plane_effective_gflops']:.1f} GFLOP/s = "
      f"{vals['library_plane_effective_gflops'] / vals['gemm_gflops']:.0%} of the measured double GEMM rate "
      f"({vals['gemm_gflops']:.1f} GFLOP/s; torch measured {vals['torch_gemm_gflops']:.1f})")
PY
