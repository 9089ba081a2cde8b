#!/usr/bin/env bash
# Hessian toolkit speed: Java (Risk gradients, LAPACK dsyevd through OpenBLAS for the dense eigensolver) and PyTorch on the same networks, data and parameters, in one run.
#   bash bench/hessian_bench.sh [OUT_DIR]            (default target/bench; takes a few minutes)
# Prints, for three network sizes up to ~120k parameters: gradient time, HVP time and their ratio; Lanczos top-10
# time and HVP count; dense eigendecomposition time at n = 2000; the same from PyTorch, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/bench}"

# The bundled OpenBLAS misdetects recent CPUs: the core type is set before any JVM starts (a value already in the
# environment wins; Haswell also with AVX-512, whose SkylakeX kernels give wrong LAPACK eigenvectors).
source scripts/openblas-env.sh
# OpenMP threads (ND4J's and PyTorch's libgomp) spin while they wait by default; on 2 cores shared with other jobs
# that spinning takes the core the other thread needs (5x slower gradients measured). Both runs sleep instead.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
# The same number of BLAS threads on both sides (OpenBLAS under ND4J and DenseEigen; torch.set_num_threads in Python).
export BENCH_THREADS="${BENCH_THREADS:-2}" OMP_NUM_THREADS="${BENCH_THREADS:-2}" OPENBLAS_NUM_THREADS="${BENCH_THREADS:-2}"
echo "BENCH_THREADS=$BENCH_THREADS, OMP_WAIT_POLICY=$OMP_WAIT_POLICY, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

mvn -B -q -ntp -DskipTests package
cp="kernel-lib/target/test-classes:kernel-lib/target/classes"
for jar in kernel-lib/target/lib/*.jar; do
  case "$jar" in */kernel-lib-*.jar) ;; *) cp="$cp:$jar" ;; esac
done
java -Xmx2g --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.maxbytes=2g -cp "$cp" org.landscape.bench.HessianBench "$out" "${BENCH_WIDTHS:-32,128,300}"
/usr/bin/python3 bench/hessian_bench.py "$out"
