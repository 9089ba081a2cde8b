# Sourced by the scripts that start a JVM with ND4J: the bundled OpenBLAS misdetects recent CPUs and runs double
# GEMM ~8x slower unless OPENBLAS_CORETYPE is in the environment before ND4J loads. A value already set wins.
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=SkylakeX
  elif grep -qw avx2 /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=Haswell
  fi
fi
# ND4J's OpenMP threads otherwise spin while waiting, which costs 3-5x on shared cores.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
