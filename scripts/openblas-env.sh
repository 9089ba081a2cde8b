# Sourced by the scripts that start a JVM with ND4J: the bundled OpenBLAS misdetects recent CPUs and runs double
# GEMM ~8x slower unless OPENBLAS_CORETYPE is in the environment before ND4J loads. A value already set wins.
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  # Haswell also on AVX-512 CPUs: the bundled OpenBLAS 0.3.19's SkylakeX kernels give wrong LAPACK eigenvectors
  # (dsyev/dsyevd/dsyevr, n >= ~100; DenseEigenTest checks it).
  if grep -qw avx2 /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=Haswell
  fi
fi
# ND4J's OpenMP threads otherwise spin while waiting, which costs 3-5x on shared cores.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
