#!/usr/bin/env bash
# Ensembles trained at once: the library's EnsembleTrainer against PyTorch batching the same ensembles over stacked
# weights (torch.baddbmm, autograd, torch.optim.SGD with momentum), 100-n-10 tanh networks, softmax cross-entropy,
# minibatch 100, each network its own minibatch order, float and double, the same number of threads on both sides,
# in one run. Prints network-samples per second, the ratio library/PyTorch, the achieved GFLOP/s against the GEMM
# rate measured in the same run; the last line is "ratio: X.XX", the smallest library/PyTorch ratio over the widths
# in float (target >= 1.5). Not a test.
#   bash bench/ensemble_bench.sh [networks=1000] [examples=1000] [epochs=2] [widths=25,100,500] [threads=2] [repeats=2]
# One epoch = (time of 1 + epochs epochs - time of 1 epoch) / epochs, so set-up and loss evaluations cancel out;
# each time is the best of `repeats` runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/openblas-env.sh   # OPENBLAS_CORETYPE (an existing value wins), OMP_WAIT_POLICY=passive

networks=1000; examples=1000; epochs=2; widths=25,100,500; threads=2; repeats=2
for a in "$@"; do
  case "$a" in
    networks=*) networks=${a#networks=} ;;
    examples=*) examples=${a#examples=} ;;
    epochs=*) epochs=${a#epochs=} ;;
    widths=*) widths=${a#widths=} ;;
    threads=*) threads=${a#threads=} ;;
    repeats=*) repeats=${a#repeats=} ;;
    *) echo "unknown argument $a: use networks=N examples=N epochs=N widths=a,b,c threads=N repeats=N" >&2; exit 2 ;;
  esac
done
export OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d' ' -f1-3 /proc/loadavg), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
echo "ensembles: $networks networks 100-n-10, n = $widths, $examples examples per epoch, minibatch 100, $threads threads each side"

mvn -B -q -ntp test-compile -pl kernel-lib >/dev/null
[ -d kernel-lib/target/lib ] || mvn -B -q -ntp package -DskipTests
cp="kernel-lib/target/test-classes:kernel-lib/target/classes:$(ls kernel-lib/target/lib/*.jar | grep -v '/kernel-lib-' | tr '\n' ':')"
out=target/bench
mkdir -p "$out"

echo "== library (org.landscape.train.EnsembleTrainer) =="
java -Xmx4g --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.maxbytes=1g -cp "$cp" \
  org.landscape.bench.EnsembleBench networks="$networks" examples="$examples" epochs="$epochs" widths="$widths" \
  threads="$threads" repeats="$repeats" 2>/dev/null | tee "$out/ensemble-java.txt"
echo "== PyTorch =="
/usr/bin/python3 bench/ensemble_bench_torch.py --networks "$networks" --examples "$examples" --epochs "$epochs" \
  --widths "$widths" --threads "$threads" --repeats "$repeats" | tee "$out/ensemble-torch.txt"

echo "== summary =="
/usr/bin/python3 - "$out/ensemble-java.txt" "$out/ensemble-torch.txt" <<'PY'
import sys
def parse(path):
    rows = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        kind, *fields = line.split()
        rows.append((kind, dict(f.split("=", 1) for f in fields)))
    return rows
j, t = parse(sys.argv[1]), parse(sys.argv[2])
gemm = {}
for side, rows in (("java", j), ("torch", t)):
    for kind, d in rows:
        if kind == "gemm":
            gemm[(side, d["precision"])] = float(d["gflops"])
torch = {(d["precision"], d["width"]): d for kind, d in t if kind == "torch"}
print(f"{'precision':>9} {'width':>5} {'library samples/s':>17} {'torch samples/s':>15} {'ratio':>6} "
      f"{'lib GFLOP/s':>11} {'of GEMM':>7} {'torch GFLOP/s':>13} {'of GEMM':>7}")
floats = []
for kind, d in j:
    if kind != "java":
        continue
    p, w = d["precision"], d["width"]
    tr = torch.get((p, w))
    if tr is None:
        continue
    ratio = float(d["samples_per_s"]) / float(tr["samples_per_s"])
    if p == "float":
        floats.append(ratio)
    g = max(gemm.get(("java", p), 0), gemm.get(("torch", p), 0))  # the faster GEMM of the two as the machine's rate
    print(f"{p:>9} {w:>5} {float(d['samples_per_s']):>17.0f} {float(tr['samples_per_s']):>15.0f} {ratio:>6.2f} "
          f"{float(d['gflops']):>11.1f} {float(d['gflops']) / g:>7.2f} {float(tr['gflops']):>13.1f} {float(tr['gflops']) / g:>7.2f}")
for p in ("float", "double"):
    print(f"GEMM 2000x2000 {p}: ND4J {gemm.get(('java', p), float('nan')):.1f} GFLOP/s, "
          f"torch {gemm.get(('torch', p), float('nan')):.1f} GFLOP/s (fractions above are of the faster)")
print(f"ratio: {min(floats):.2f}" if floats else "ratio: nan")
PY
