#!/usr/bin/python3
"""Checks that the notebook harness reports failures instead of hiding them. Run by scripts/test.sh.

1. A kernel that never answers: retried --tries times, then the notebook fails with a message naming the kernel.
2. A kernel that exits at once with an error: not retried, reported with its log. One that exits silently (the
   kernel's start-up race): retried, and the notebook runs when a later try starts; reported if every try exits.
3. A notebook whose cell throws: fails, naming the notebook and the cell.
4. Exercise notebooks (--exercises): every cell tagged exercise-check must show failed feedback as handed out and
   passed feedback when solved; a check cell that shows none fails; grade runs every cell of a student's notebook,
   also after one raised, and lists each verdict and the count right.
5. A kernel whose launcher starts the real kernel as a child (as JJava's does) and whose cell allocates 300 MB and
   frees it again: the reported peak includes the child's 300 MB, and a limit below it fails the notebook.
6. The book (scripts/book.py, scripts/check_book.py) on two stand-in executed notebooks: the built book passes its
   check; a page missing a picture, a check's output, a page or a navigation target, a source notebook never executed
   (--expect), or a book over its size bound, fails it, naming what is missing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

HARNESS = Path(__file__).with_name("run_notebooks.py")
PYTHON = sys.executable if "dist-packages" in os.__file__ else "/usr/bin/python3"

# Like JJava's launcher: a small process that starts the kernel as its child and waits for it.
FORKING_LAUNCHER = """
import signal, subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "ipykernel_launcher", "-f", sys.argv[1]])
signal.signal(signal.SIGTERM, lambda *a: child.terminate())
sys.exit(child.wait())
"""
ALLOCATED_MB = 300
# The stand-ins that never answer need a short start-up timeout (3 s, run() sets it); a real ipykernel takes more than
# that to import on a loaded machine (seen at load 12), so the cases that start one give it 30 s (it answers when ready).
PYTHON_START = ("--startup-timeout", "30")


def kernel(root, name, argv):
    d = root / "kernels" / name
    d.mkdir(parents=True)
    (d / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": name, "language": "java"}))


def run(root, nb_dir, name, *extra):
    p = subprocess.run(["/usr/bin/python3", str(HARNESS), str(nb_dir), "--kernels-dir", str(root), "--kernel", name,
                        "--out", str(root / "out" / name), "--startup-timeout", "3", "--tries", "2", *extra],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def check_process_tree_memory(root, problems):
    nb_dir = root / "nb-memory"
    nb_dir.mkdir()
    nb = nbformat.v4.new_notebook()
    # Touched pages (not a lazily mapped zero buffer), freed again at once: only the peak records it.
    nb.cells = [nbformat.v4.new_code_cell(f"x = b'1' * ({ALLOCATED_MB} << 20)\ndel x"), nbformat.v4.new_code_cell("1+1")]
    nbformat.write(nb, nb_dir / "allocates.ipynb")
    launcher = root / "forking_launcher.py"
    launcher.write_text(FORKING_LAUNCHER)
    kernel(root, "forking", [PYTHON, str(launcher), "{connection_file}"])

    code, out = run(root, nb_dir, "forking", *PYTHON_START)
    peak = re.search(r"peak kernel memory (\d+) MB \((\d+) processes: (\d+) \+ (\d+) MB\)", out)
    if code != 0 or not peak:
        problems.append("a notebook on a forking kernel did not pass with its process tree's memory:\n" + out)
    else:
        total, processes, launcher_mb, child_mb = map(int, peak.groups())
        # The launcher is a bare Python (~10-20 MB); the child holds the 300 MB (plus ipykernel's own ~50 MB).
        if processes != 2 or launcher_mb >= 100 or child_mb < ALLOCATED_MB or abs(total - launcher_mb - child_mb) > 1:
            problems.append(f"the forking kernel's memory was misreported ({peak.group(0)}):\n" + out)
        limit = str(ALLOCATED_MB - 50)
        code, out = run(root, nb_dir, "forking", *PYTHON_START, "--max-rss-mb", limit)
        if code == 0 or f"over the {limit} MB limit" not in out or "allocates.ipynb" not in out \
                or "notebooks: 0 passed, 1 failed" not in out:
            problems.append(f"a notebook whose kernel's child went over {limit} MB did not fail:\n" + out)


def check_exercises(root, problems):
    """--exercises: a handout whose checks all show failed feedback passes as a handout and fails as solved; a check
    cell that shows no feedback fails both."""
    nb_dir = root / "nb-exercises"
    nb_dir.mkdir()
    tagged = lambda src: nbformat.v4.new_code_cell(src, metadata={"tags": ["exercise-check"]})
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("answer = 0"),
                tagged("print('\u2718 Exercise 1 (n_A): not yet. no count yet (0). Hint: count them.')")]
    nbformat.write(nb, nb_dir / "handout.ipynb")
    code, out = run(root, nb_dir, "python", *PYTHON_START, "--exercises", "handout")
    if code != 0 or "1 exercise checks failed with feedback" not in out:
        problems.append("a handout whose check failed with feedback did not pass as a handout:\n" + out)
    code, out = run(root, nb_dir, "python", *PYTHON_START, "--exercises", "solved")
    if code == 0 or "not passed: 1 (n_A)" not in out:
        problems.append("a handout run as solved did not fail naming its exercise:\n" + out)
    # grade: a student's notebook with one right, one wrong and one answer that raises: every cell runs, each verdict
    # and the raising cell are listed, the count is given, and the notebook passes (marking is not testing).
    nb.cells = [tagged("print('\u2714 Exercise 1 (n_A): right. n_A = 79,510.')"),
                nbformat.v4.new_code_cell("raise ValueError('a student typo')"),
                tagged("print('\u2718 Exercise 2 (12.6): not yet. x is not a critical point.')"),
                tagged("print('\u2718 Exercise 3 (12.7): not yet. points 0 and 1 are 2.00 apart.')")]
    nbformat.write(nb, nb_dir / "handout.ipynb")
    code, out = run(root, nb_dir, "python", *PYTHON_START, "--exercises", "grade")
    if code != 0 or "1/3 exercises right" not in out or "\u2718 Exercise 2 (12.6)" not in out \
            or "cell 1 raised ValueError: a student typo" not in out:
        problems.append("a student's notebook was not graded (every cell run, verdicts and count listed):\n" + out)
    nb.cells = [tagged("x = 1")]
    nbformat.write(nb, nb_dir / "handout.ipynb")
    code, out = run(root, nb_dir, "python", *PYTHON_START, "--exercises", "handout")
    if code == 0 or "no feedback shown by cell 0" not in out:
        problems.append("a check cell without feedback did not fail:\n" + out)


# A 1x1 PNG, as the kernels' image/png outputs are (base64).
PNG_1x1 = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def check_book(root, problems):
    """book.py builds pages the check accepts; each kind of damage to the book makes check_book.py fail."""
    import shutil
    executed, book = root / "book-executed", root / "book"
    executed.mkdir()
    for n, claim in enumerate(["S1", "B2"]):
        nb = nbformat.v4.new_notebook()
        picture = nbformat.v4.new_output("display_data", data={"image/png": PNG_1x1, "text/plain": "a chart"})
        verdict = nbformat.v4.new_output("execute_result", execution_count=2, data={
            "text/plain": f"\u2714 {claim}: the evidence holds (max error 1e-15 < 1e-12)",
            "text/html": f'<div><b>\u2714 {claim}</b>: the evidence holds <span>(max error 1e-15 &lt; 1e-12)</span></div>'})
        nb.cells = [nbformat.v4.new_markdown_cell(f"# 0{n} \u00b7 Stand-in {n}\n\n**Claim:** {claim} (a test)."),
                    nbformat.v4.new_code_cell("chart", outputs=[picture]),
                    nbformat.v4.new_code_cell("Check.that(...)", outputs=[verdict])]
        nbformat.write(nb, executed / f"0{n}_stand_in.ipynb")
    scripts = Path(__file__).parent

    def build():
        return subprocess.run(["/usr/bin/python3", str(scripts / "book.py"), "--executed", str(executed),
                               "--out", str(book)], capture_output=True, text=True, timeout=120)

    def verify(*extra):
        p = subprocess.run(["/usr/bin/python3", str(scripts / "check_book.py"), "--executed", str(executed),
                            "--book", str(book), *extra], capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout + p.stderr

    p = build()
    code, out = verify()
    if p.returncode != 0 or code != 0 or "2 pages" not in out:
        problems.append("the book of two executed notebooks did not pass its check:\n" + p.stdout + p.stderr + out)
        return
    if "S1" not in (book / "index.html").read_text() or "B2" not in (book / "index.html").read_text():
        problems.append("the book's index does not list the notebooks' claims")
    page = book / "00_stand_in.html"
    original = page.read_text()
    damages = [
        ("a page without its picture", lambda: page.write_text(original.replace("<img", "<i")), "0 embedded PNG pictures"),
        ("a page without its check's output", lambda: page.write_text(original.replace("evidence holds", "x")),
         "is not on the page"),
        ("a missing page", lambda: page.unlink(), "has no page"),
        ("a broken navigation link", lambda: (book / "01_stand_in.html").rename(book / "moved.html"), "does not resolve"),
    ]
    for what, damage, says in damages:
        shutil.rmtree(book)
        build()
        damage()
        code, out = verify()
        if code == 0 or says not in out:
            problems.append(f"the book check did not catch {what} (expected '{says}'):\n" + out)
    sources = root / "book-sources"
    sources.mkdir()
    for name in ["00_stand_in.ipynb", "02_never_run.ipynb"]:
        nbformat.write(nbformat.v4.new_notebook(), sources / name)
    shutil.rmtree(book)
    build()
    code, out = verify("--expect", str(sources))
    if code == 0 or "02_never_run.ipynb was not executed" not in out:
        problems.append("the book check did not catch a source notebook that was never executed:\n" + out)
    code, out = verify("--max-mb", "0.001")
    if code == 0 or "over the 0.001 MB bound" not in out:
        problems.append("the book check did not catch a book over its size bound:\n" + out)


def main():
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        nb_dir = root / "nb"
        nb_dir.mkdir()
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("x"), nbformat.v4.new_code_cell("1+1"),
                    nbformat.v4.new_code_cell("raise ValueError('the evidence went the other way')")]
        nbformat.write(nb, nb_dir / "failing.ipynb")

        kernel(root, "silent", ["/bin/sh", "-c", "sleep 60", "{connection_file}"])
        code, out = run(root, nb_dir, "silent")
        if code == 0 or out.count("did not answer within 3s") != 2 or "never answered in 2 tries" not in out \
                or "notebooks: 0 passed, 1 failed" not in out:
            problems.append("a silent kernel was not retried twice and reported:\n" + out)

        kernel(root, "dying", ["/bin/sh", "-c", "echo 'Error: could not find the main class' >&2; exit 1",
                               "{connection_file}"])
        code, out = run(root, nb_dir, "dying")
        if code == 0 or "failed during start-up" not in out or "try 2/2" in out \
                or "its log says: Error: could not find the main class" not in out:
            problems.append("a kernel that exits was retried or not reported:\n" + out)

        # Exits silently on its first start (as rapaio's race sometimes does), then starts: the notebook runs. Its log
        # holds a classpath naming error_prone_annotations (as rapaio's does): a path is not an error message.
        marker = root / "started-once"
        python = sys.executable if "dist-packages" in os.__file__ else "/usr/bin/python3"
        classpath = "echo 'INFO Classpath: /lib/error_prone_annotations-2.3.4.jar:/lib/xchart-3.8.8.jar' >&2"
        kernel(root, "flaky", ["/bin/sh", "-c", f"if [ -e {marker} ]; then exec {python} -m ipykernel_launcher -f \"$0\"; "
                               f"else {classpath}; touch {marker}; exit 1; fi", "{connection_file}"])
        code, out = run(root, nb_dir, "flaky", *PYTHON_START)
        if "exited during start-up with no error in its log (try 1/2)" not in out or "ready" not in out \
                or "cell 2 (code cell 2) raised ValueError" not in out:
            problems.append("a kernel that exited silently once was not started again:\n" + out)

        kernel(root, "always-exits", ["/bin/sh", "-c", "exit 1", "{connection_file}"])
        code, out = run(root, nb_dir, "always-exits")
        if code == 0 or "in all 2 tries" not in out or "notebooks: 0 passed, 1 failed" not in out:
            problems.append("a kernel that always exits silently was not reported:\n" + out)

        kernel(root, "python", [sys.executable if "dist-packages" in os.__file__ else "/usr/bin/python3",
                                "-m", "ipykernel_launcher", "-f", "{connection_file}"])
        code, out = run(root, nb_dir, "python", *PYTHON_START)
        if code == 0 or "FAILED" not in out or "failing.ipynb" not in out \
                or "cell 2 (code cell 2) raised ValueError: the evidence went the other way" not in out:
            problems.append("a failing cell was not reported with its notebook and cell:\n" + out)
        code, out = run(root, nb_dir, "python", "--skip", "fail")
        if code == 0 or "no notebooks in" not in out:
            problems.append("--skip did not leave the notebook out:\n" + out)
        check_exercises(root, problems)
        check_book(root, problems)
        check_process_tree_memory(root, problems)
    if problems:
        print("\n\n".join(problems))
        print("harness checks: 0 passed, %d failed" % len(problems))
        return 1
    print("harness: silent kernel retried then reported; kernel exiting with an error reported at once; silent exit "
          f"retried (and reported when every try exits); failing cell named; --skip leaves a notebook out; exercise feedback read (handout, solved, grade, none); book checked (pictures, checks, pages, links, size); the {ALLOCATED_MB} MB a launcher's child "
          f"allocated counted, and a notebook over the limit failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
