#!/usr/bin/env bash
# Times the spin-glass descent step of this checkout against another build of the library (e.g. an older commit) in
# one JVM, step by step in alternation, so that a busy machine's load falls on both alike.
#   bash bench/spinglass_ab.sh OTHER_CHECKOUT [lambda=500] [walkers=1000] [rounds=8]
# OTHER_CHECKOUT must be built (mvn package -DskipTests); this one is built if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
other=${1:?usage: bash bench/spinglass_ab.sh OTHER_CHECKOUT [lambda=500] [walkers=1000] [rounds=8]}
shift
[ -d "$other/kernel-lib/target/classes/org/landscape" ] || { echo "build $other first: (cd $other && mvn -q package -DskipTests)" >&2; exit 2; }
source scripts/openblas-env.sh
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, $(nproc) cores; this: $(git rev-parse --short HEAD), other: $(git -C "$other" rev-parse --short HEAD 2>/dev/null || echo "$other")"
if [ ! -f kernel-lib/target/test-classes/org/landscape/bench/SpinGlassAB.class ] || [ ! -d kernel-lib/target/lib ]; then
  mvn -B -q -ntp package -DskipTests
fi
# Two glasses of lambda = 500 take 0.5 GB of couplings each.
java -Xmx1500m --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.maxbytes=1400m -Dorg.bytedeco.javacpp.maxphysicalbytes=3000m \
  -cp "kernel-lib/target/test-classes:kernel-lib/target/classes:kernel-lib/target/lib/*" \
  org.landscape.bench.SpinGlassAB other="$other/kernel-lib/target/classes" "$@" 2>/dev/null | grep -E "^(round|lambda)"
