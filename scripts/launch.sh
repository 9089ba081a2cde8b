#!/usr/bin/env bash
# One command on a fresh Debian machine: installs what is missing (Jupyter from apt, JDK 17, Maven), builds
# kernel-lib, installs a Java kernel with kernel-lib on its classpath as kernel "java", and opens Jupyter Notebook on
# notebooks/. A second run skips what is done.
#
#   bash scripts/launch.sh [--kernel rapaio|ijava|jjava] [--jjava-dir DIR] [--ijava-zip ZIP] [--memory-gb G]
#                          [--spark] [Jupyter's arguments]
#
# --kernel rapaio (the default): rapaio-jupyter-kernel 3.0.1, from Maven Central.
# --kernel ijava: IJava 1.3.0 (what Binder runs), from its release archive (--ijava-zip, or downloaded from GitHub).
# --kernel jjava: an existing JJava 1.0-a6 or later install, --jjava-dir DIR: the unzipped release, or the kernel
#                 folder `pip install jjava` wrote (PREFIX/share/jupyter/kernels/java).
# --memory-gb G: the kernel's memory budget (default 2, Binder's); e.g. 6 for notebook 11 at LANDSCAPE_SCALE=full.
# --spark: also builds the optional Spark module (kernel-lib-spark, about 230 MB of Spark's jars from Maven Central)
#          and gives the kernel Spark's JVM flags, for notebook 15 (LANDSCAPE_SPARK_MASTER=spark://host:7077 points
#          its Spark session at a cluster; unset, Spark runs inside the kernel).
# Other arguments go to Jupyter (e.g. --no-browser, --port 8890).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rjk_version=3.0.1

kernel=rapaio; jjava_dir=""; ijava_zip=""; memory_gb=2; spark=""; jupyter_args=()
usage="usage: bash scripts/launch.sh [--kernel rapaio|ijava|jjava] [--jjava-dir DIR] [--ijava-zip ZIP] [--memory-gb G] [--spark] [Jupyter's arguments]"
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel|--jjava-dir|--ijava-zip|--memory-gb)
      [ $# -ge 2 ] || { echo "$1 needs a value; $usage" >&2; exit 2; }
      case "$1" in --kernel) kernel=$2;; --jjava-dir) jjava_dir=$2;; --ijava-zip) ijava_zip=$2;; --memory-gb) memory_gb=$2;; esac
      shift 2;;
    --memory-gb=*) memory_gb=${1#*=}; shift;;
    --spark) spark=1; shift;;
    --kernel=*) kernel=${1#*=}; shift;;
    --jjava-dir=*) jjava_dir=${1#*=}; shift;;
    --ijava-zip=*) ijava_zip=${1#*=}; shift;;
    *) jupyter_args+=("$1"); shift;;
  esac
done
# Bad choices are refused before anything is installed.
case "$kernel" in
  rapaio|ijava|jjava) ;;
  *) echo "--kernel $kernel: choose rapaio (the default), ijava or jjava; $usage" >&2; exit 2;;
esac
if ! [[ "$memory_gb" =~ ^[0-9]+([.][0-9]+)?$ ]] || ! awk -v g="$memory_gb" 'BEGIN { exit !(g >= 2) }'; then
  echo "--memory-gb $memory_gb: give a number of GB, 2 (Binder's budget, the default) or more" >&2; exit 2
fi
if [ "$kernel" = jjava ] && [ ! -d "$jjava_dir" ]; then
  echo "--kernel jjava needs --jjava-dir DIR, an existing JJava 1.0-a6+ install: the unzipped release" \
       "(jjava-<version>-kernelspec.zip) or PREFIX/share/jupyter/kernels/java after 'pip install jjava'" \
       "(${jjava_dir:-none given}${jjava_dir:+: no such directory})" >&2
  exit 2
fi
if [ -n "$jjava_dir" ] && [ "$kernel" != jjava ]; then
  echo "--jjava-dir is for --kernel jjava (the kernel chosen is $kernel)" >&2; exit 2
fi
if [ -n "$ijava_zip" ] && { [ "$kernel" != ijava ] || [ ! -f "$ijava_zip" ]; }; then
  echo "--ijava-zip $ijava_zip: needs --kernel ijava and an existing file (IJava's release archive)" >&2; exit 2
fi

need=()
for pkg in jupyter-notebook python3-nbconvert python3-nbclient openjdk-17-jdk-headless maven; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "$kernel" = ijava ] && [ -z "$ijava_zip" ] && ! command -v curl >/dev/null; then need+=(curl); fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing from apt: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

# Build only when a source is newer than the last build.
lib=kernel-lib/target/lib; profile=(); sources=(pom.xml kernel-lib/pom.xml kernel-lib/src); spark_flag=()
if [ -n "$spark" ]; then
  lib=spark/target/lib; profile=(-Pspark); sources+=(spark/pom.xml spark/src spark/jvm-options.txt); spark_flag=(--spark)
fi
jar=$(ls "$lib"/kernel-lib-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find "${sources[@]}" -newer "$jar" -print -quit)" ]; then
  echo "building kernel-lib${spark:+ and its Spark module}"
  mvn -B -q -ntp package -DskipTests "${profile[@]}"
else
  echo "kernel-lib is up to date"
fi

case "$kernel" in
  rapaio)
    kernel_jar="$root/target/kernel-jars/rapaio-jupyter-kernel-$rjk_version.jar"
    [ -f "$kernel_jar" ] || mvn -B -q -ntp dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$rjk_version \
        -DoutputDirectory="$root/target/kernel-jars"
    spec=(rapaio --kernel-jar "$kernel_jar");;
  ijava)
    ijava_jar=$(bash scripts/ijava-release.sh "$root/target/ijava" "$ijava_zip")
    spec=(ijava --kernel-jar "$ijava_jar");;
  jjava)
    spec=(jjava --jjava-dir "$jjava_dir");;
esac
kernels="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels"
name=java
rc=0
/usr/bin/python3 scripts/kernelspec.py "${spec[@]}" --lib "$lib" --dest "$kernels" --name "$name" --memory-gb "$memory_gb" \
    "${spark_flag[@]}" || rc=$?
if [ "$rc" -eq 3 ]; then
  # Another "java" kernel (e.g. IJava's or JJava's own) is installed: keep it, and install this one beside it.
  name=java-landscape
  /usr/bin/python3 scripts/kernelspec.py "${spec[@]}" --lib "$lib" --dest "$kernels" --name "$name" \
      --memory-gb "$memory_gb" "${spark_flag[@]}"
  echo "note: notebooks ask for kernel 'java'; pick '$name' in Jupyter's Kernel menu to use this one"
elif [ "$rc" -ne 0 ]; then
  exit "$rc"
fi

if [ -n "${LAUNCH_NO_JUPYTER:-}" ]; then exit 0; fi  # for tests: stop before Jupyter
echo "opening Jupyter on notebooks/ (LANDSCAPE_SCALE=${LANDSCAPE_SCALE:-ci}; export LANDSCAPE_SCALE=full for the sources' scale)"
root_flag=(); [ "$(id -u)" -ne 0 ] || root_flag=(--allow-root)  # e.g. in a container
exec /usr/bin/jupyter notebook --notebook-dir="$root/notebooks" "${root_flag[@]}" "${jupyter_args[@]}"
