#!/usr/bin/env bash
# One command on a fresh Debian machine: installs what is missing (Jupyter from apt, JDK 17, Maven), builds
# kernel-lib, installs a Java kernel (rapaio-jupyter-kernel, from Maven Central) with kernel-lib on its
# classpath as kernel "java", and opens Jupyter Notebook on notebooks/. A second run skips what is done.
# Extra arguments go to Jupyter (e.g. --no-browser, --port 8890).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rjk_version=3.0.1

need=()
for pkg in jupyter-notebook python3-nbconvert python3-nbclient openjdk-17-jdk-headless maven; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing from apt: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

# Build only when a source is newer than the last build.
jar=$(ls kernel-lib/target/lib/kernel-lib-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find pom.xml kernel-lib/pom.xml kernel-lib/src -newer "$jar" -print -quit)" ]; then
  echo "building kernel-lib"
  mvn -B -q -ntp package -DskipTests
else
  echo "kernel-lib is up to date"
fi

kernel_jar="$root/target/kernel-jars/rapaio-jupyter-kernel-$rjk_version.jar"
[ -f "$kernel_jar" ] || mvn -B -q -ntp dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$rjk_version \
    -DoutputDirectory="$root/target/kernel-jars"
kernels="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels"
name=java
if ! /usr/bin/python3 scripts/kernelspec.py rapaio --kernel-jar "$kernel_jar" --lib kernel-lib/target/lib \
      --dest "$kernels" --name "$name"; then
  # Another "java" kernel (e.g. IJava) is installed: keep it, and install this one beside it.
  name=java-landscape
  /usr/bin/python3 scripts/kernelspec.py rapaio --kernel-jar "$kernel_jar" --lib kernel-lib/target/lib \
      --dest "$kernels" --name "$name"
  echo "note: notebooks ask for kernel 'java'; pick '$name' in Jupyter's Kernel menu to use this one"
fi

echo "opening Jupyter on notebooks/ (LANDSCAPE_SCALE=${LANDSCAPE_SCALE:-ci}; export LANDSCAPE_SCALE=full for the sources' scale)"
root_flag=(); [ "$(id -u)" -ne 0 ] || root_flag=(--allow-root)  # e.g. in a container
exec /usr/bin/jupyter notebook --notebook-dir="$root/notebooks" "${root_flag[@]}" "$@"
