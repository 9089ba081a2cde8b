#!/usr/bin/python3
"""Executes every notebook headlessly on a real Java kernel and fails on any cell error.

  run_notebooks.py NOTEBOOK_DIR --kernels-dir DIR [--kernel java] [--out DIR]

Each notebook gets a fresh kernel. A kernel that does not answer within --startup-timeout seconds is stopped and
started again, up to --tries times, each try logged (rapaio-jupyter-kernel hangs at about one start in six). Only
the start-up is retried: a kernel that exits, a cell error, a cell timeout or a kernel over the memory limit fails
the notebook at once, naming the notebook and the cell. The memory limit applies to the peak resident memory of the
kernel's whole process tree (see TreeMemory). Executed notebooks are saved to --out whatever happened.
The last line is "notebooks: N passed, M failed". --exercises handout|solved|grade reads the exercises' feedback
(grade: for marking students' notebooks).
"""
import argparse
import os
import re
import sys
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


class KernelNeverStarted(Exception):
    pass


def log(msg):
    print(msg, flush=True)


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) if provisioner else None
    return getattr(process, "pid", None)


class TreeMemory:
    """Peak resident memory of the kernel's whole process tree, sampled while its cells run.

    A kernel can be more than one process: JJava's launcher JVM starts the kernel JVM as its child, so the pid
    Jupyter started holds ~40 MB of the kernel's 400-600. Every `interval` seconds (and once more before the kernel
    is stopped) this finds every descendant of the started pid in /proc and adds up VmHWM, each process's own peak
    resident memory (heap and off-heap) as the Linux kernel keeps it, over the processes alive at that moment; the
    result is the largest such sum. Each process's peak is exact whatever the sampling interval, so the kernel JVM
    is never undercounted; adding peaks reached at different moments can only overstate the tree's peak. A process
    that starts and exits between two samples is missed (none of the supported kernels has one).
    """

    def __init__(self, pid, interval=0.5):
        self.pid, self.interval = pid, interval
        self.peak_kb, self.parts = 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.sample()
        self._thread.start()

    def stop(self):
        """Call before the kernel is shut down: the last sample is taken while its processes are still alive."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.sample()

    def _run(self):
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self):
        tree = [(pid, hwm) for pid, hwm in ((p, vm_hwm_kb(p)) for p in process_tree(self.pid)) if hwm is not None]
        total = sum(hwm for _, hwm in tree)
        if total > self.peak_kb:
            self.peak_kb, self.parts = total, tree

    @property
    def peak_mb(self):
        return self.peak_kb / 1024 if self.peak_kb else None

    def describe(self):
        """'1234 MB' or, for a tree, '1234 MB (2 processes: 40 + 1194 MB)'."""
        if not self.peak_kb:
            return None
        if len(self.parts) == 1:
            return f"{self.peak_mb:.0f} MB"
        return (f"{self.peak_mb:.0f} MB ({len(self.parts)} processes: "
                + " + ".join(f"{hwm / 1024:.0f}" for _, hwm in self.parts) + " MB)")


def process_tree(root):
    """root and all its descendants that are alive now (parents read from /proc/PID/stat)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # exited while we looked
        # The command name (field 2) is in parentheses and may hold spaces: the ppid is the 2nd field after it.
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def vm_hwm_kb(pid):
    """A process's peak resident memory (VmHWM) in kB, or None if it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


# Words in a kernel's start-up log that mean it cannot start (as opposed to the silent start-up race).
STARTUP_ERROR = re.compile(r"(?i)exception|error|severe|could not|cannot|not found|no such|denied")
# Paths are not messages: the kernel's classpath, logged at start, names error_prone_annotations-2.3.4.jar.
PATH_TOKEN = re.compile(r"\S*/\S*")


def startup_error(log_text):
    """The first line of a start-up log that reports an error, with paths left out; None for a silent exit."""
    for line in log_text.splitlines():
        if STARTUP_ERROR.search(PATH_TOKEN.sub(" ", line)):
            return line.strip()[:300]
    return None


def start_kernel(client, env, tries, log_dir):
    """Starts the client's kernel; retries only a start-up that hangs (no answer within startup_timeout)."""
    name, timeout = client.kernel_name, client.startup_timeout
    for attempt in range(1, tries + 1):
        log_path = log_dir / f"kernel-start-{attempt}.log"
        stderr = open(log_path, "w")
        client.km = client.create_kernel_manager()
        started = time.time()
        client.start_new_kernel(env=env, stdout=stderr, stderr=stderr)
        try:
            client.start_new_kernel_client()
            log(f"  kernel '{name}' ready in {time.time() - started:.1f}s (try {attempt}/{tries})")
            return stderr
        except RuntimeError as e:
            # nbclient has already shut this kernel down; was it alive when it stopped answering?
            stderr.close()
            tail = log_path.read_text(errors="replace")[-2000:]
            if "died" in str(e):  # jupyter_client: "Kernel died before replying to kernel_info"
                # A kernel that exits with an error in its log (bad classpath, missing Java...) is a real failure:
                # reported at once. rapaio's start-up race sometimes ends in a silent exit instead of a hang (its
                # log then stops where a hung start's does): retried like a hang, and reported if every try does so.
                error = startup_error(log_path.read_text(errors="replace"))
                if error or attempt == tries:
                    raise KernelNeverStarted(
                        f"kernel '{name}' failed during start-up ({e}"
                        + (f"; its log says: {error})" if error else f", in all {tries} tries)")
                        + f". Its log ({log_path}):\n{tail}")
                log(f"  kernel '{name}' exited during start-up with no error in its log (try {attempt}/{tries}); "
                    f"starting again")
                continue
            log(f"  kernel '{name}' did not answer within {timeout}s (try {attempt}/{tries}); "
                f"stopping it and starting again")
            if attempt == tries:
                raise KernelNeverStarted(
                    f"kernel '{name}' never answered in {tries} tries of {timeout}s. Check that "
                    f"'jupyter kernelspec list' shows it and that its java starts; last log ({log_path}):\n{tail}")


def error_cell(nb):
    """(index, code-cell number, ename, evalue) of the first cell with an error output."""
    code_number = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        code_number += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                detail = out.get("evalue", "")
                if not detail.strip():
                    # Java kernels put compiler messages in the traceback; strip the terminal colours.
                    detail = re.sub(r"\x1b\[[0-9;]*m", "", " ".join(out.get("traceback", [])))
                return index, code_number, out.get("ename", "?"), " ".join(detail.split())
    return None


def exercise_verdicts(nb):
    """(exercise name or cell index, passed) for every cell tagged exercise-check, from its Feedback's text."""
    verdicts = []
    for index, cell in enumerate(nb.cells):
        if "exercise-check" not in cell.get("metadata", {}).get("tags", []):
            continue
        text = ""
        for out in cell.get("outputs", []):
            data = out.get("data", {}).get("text/plain", out.get("text", ""))
            text += "".join(data) if isinstance(data, list) else data
        m = re.search(r"([\u2714\u2718]) Exercise ([^:]+):", text)
        verdicts.append((m.group(2) if m else f"cell {index}", None if not m else m.group(1) == "\u2714"))
    return verdicts


def exercise_failure(nb, mode):
    """Why the exercise notebook does not show what --exercises expects, or None."""
    verdicts = exercise_verdicts(nb)
    if not verdicts:
        return "no cell is tagged exercise-check"
    missing = [name for name, ok in verdicts if ok is None]
    if missing:
        return "no feedback shown by " + ", ".join(missing)
    want = mode == "solved"
    off = [name for name, ok in verdicts if ok != want]
    if off:
        return (f"{'not passed' if want else 'passed as handed out (the check cannot fail?)'}: " + ", ".join(off))
    return None


def grade(nb):
    """Logs each exercise's verdict and every cell that raised; returns ', N/M exercises right'."""
    verdicts = exercise_verdicts(nb)
    for name, ok in verdicts:
        mark = "\u2714" if ok else "\u2718"
        log(f"    {mark} " + (f"the check in {name} showed no feedback (did a cell before it raise?)" if ok is None
                              else f"Exercise {name}"))
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                detail = re.sub(r"\x1b\[[0-9;]*m", "", out.get("evalue", "") or " ".join(out.get("traceback", [])))
                log(f"    cell {index} raised {out.get('ename', '?')}: {' '.join(detail.split())[:200]}")
    right = sum(1 for _, ok in verdicts if ok)
    return f", {right}/{len(verdicts)} exercises right"


def run_one(path, args, env, out_dir):
    nb = nbformat.read(path, as_version=4)
    log_dir = out_dir / "logs" / path.stem
    log_dir.mkdir(parents=True, exist_ok=True)
    grading = args.exercises == "grade"
    client = NotebookClient(nb, timeout=args.cell_timeout, startup_timeout=args.startup_timeout,
                            kernel_name=args.kernel, resources={"metadata": {"path": str(path.parent)}},
                            allow_errors=grading)  # a student's cell that does not compile must not stop the others
    kernel_log = start_kernel(client, env, args.tries, log_dir)
    pid = kernel_pid(client.km)
    memory = TreeMemory(pid) if pid else None
    started = time.time()
    failure = None
    try:
        if memory:
            memory.start()
        client.execute(cleanup_kc=False)
    except CellTimeoutError as e:
        failure = f"a cell ran longer than {args.cell_timeout}s: {str(e).splitlines()[0]}"
    except DeadKernelError as e:
        failure = f"the kernel died ({e}); see {log_dir}"
    except CellExecutionError:
        failure = "cell error"
    finally:
        if memory:
            memory.stop()
        rss = memory.peak_mb if memory else None
        client._cleanup_kernel()
        kernel_log.close()
    seconds = time.time() - started
    target = out_dir / path.name
    nbformat.write(nb, target)
    where = error_cell(nb)
    if grading and failure is None:
        memory_note = f", peak kernel memory {memory.describe()}" if rss is not None else ""
        return None, seconds, grade(nb) + memory_note, target
    if failure == "cell error" or (failure is None and where):
        index, number, ename, evalue = where if where else (-1, -1, "?", "")
        failure = f"cell {index} (code cell {number}) raised {ename}: {evalue.strip()[:600]}"
    if failure is None and args.exercises:
        failure = exercise_failure(nb, args.exercises)
        if failure is None:
            note_exercises = len(exercise_verdicts(nb))
            log(f"  {note_exercises} exercise checks {'passed' if args.exercises == 'solved' else 'failed with feedback'}")
    if failure is None and rss is not None and rss > args.max_rss_mb:
        failure = (f"the kernel's peak memory was {memory.describe()}, over the {args.max_rss_mb} MB limit "
                   f"(Binder's 2 GB)")
    note = f", peak kernel memory {memory.describe()}" if rss is not None else ""
    return failure, seconds, note, target


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebooks", type=Path)
    p.add_argument("--kernels-dir", type=Path, required=True, help="a directory holding kernels/<name>/kernel.json")
    p.add_argument("--kernel", default="java")
    p.add_argument("--out", type=Path, default=Path("target/notebooks"))
    p.add_argument("--startup-timeout", type=int, default=60)
    p.add_argument("--tries", type=int, default=4)
    p.add_argument("--cell-timeout", type=int, default=1800)
    p.add_argument("--max-rss-mb", type=int, default=2048)
    p.add_argument("--only", help="run only notebooks whose name contains this")
    p.add_argument("--skip", action="append", default=[],
                   help="leave out notebooks whose name contains this (repeatable), e.g. 15_ that needs a Spark kernel")
    p.add_argument("--exercises", choices=["handout", "solved", "grade"],
                   help="exercise notebooks: every cell tagged exercise-check must show its feedback, failed "
                        "(handout: as given to students) or passed (solved); grade: students' notebooks, every cell "
                        "run even after one raised, each exercise's verdict and the count right listed, and the "
                        "notebook passes unless its kernel failed")
    args = p.parse_args(argv)

    notebooks = sorted(n for n in args.notebooks.glob("*.ipynb") if (not args.only or args.only in n.name)
                       and not any(s in n.name for s in args.skip))
    if not notebooks:
        log(f"no notebooks in {args.notebooks}")
        log("notebooks: 0 passed, 1 failed")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(args.kernels_dir.resolve())
    os.environ["JUPYTER_PATH"] = env["JUPYTER_PATH"]
    env.setdefault("LANDSCAPE_SCALE", "ci")
    env.setdefault("LANDSCAPE_OUTPUT_DIR", str((args.out / "files").resolve()))
    log(f"running {len(notebooks)} notebooks on kernel '{args.kernel}' at LANDSCAPE_SCALE={env['LANDSCAPE_SCALE']}")
    passed, failed = 0, []
    suite_started = time.time()
    for path in notebooks:
        log(f"{path.name}:")
        try:
            failure, seconds, memory, target = run_one(path, args, env, args.out)
        except KernelNeverStarted as e:
            failure, seconds, memory, target = str(e), 0, "", None
        if failure:
            failed.append(path.name)
            log(f"  FAILED {path}: {failure}")
            if target:
                log(f"  executed notebook saved to {target}")
        else:
            passed += 1
            log(f"  ok in {seconds:.0f}s{memory}; saved to {target}")
    log(f"suite time {time.time() - suite_started:.0f}s")
    if failed:
        log("failed: " + ", ".join(failed))
    log(f"notebooks: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
