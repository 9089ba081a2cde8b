"""Shared by the notebook generators (05_*.py, 06_*.py, 07_*.py): collect cells, write the notebook with stable ids."""
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = []


def md(text):
    cells.append(new_markdown_cell(text.strip("\n")))


def code(text):
    cells.append(new_code_cell(text.strip("\n")))


def write(generator_file):
    """Writes the cells next to the generator as .ipynb; cell ids are stable, so regenerating changes only sources."""
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Java", "language": "java", "name": "java"},
        "language_info": {"file_extension": ".jshell", "mimetype": "text/x-java-source", "name": "java"}})
    for i, c in enumerate(nb.cells):
        c["id"] = "cell-%03d" % i
    path = Path(generator_file).with_suffix(".ipynb")
    nbformat.write(nb, path)
    print("wrote", path)


# --- exercise notebooks: one source gives the handout (notebooks/exercises/) and its solution (notebooks/solutions/)

solutions = {}


def exercise(stub, solution):
    """The student's cell: the stub in the handout, the solution in notebooks/solutions/ (same cell id)."""
    cell = new_code_cell(stub.strip("\n"), metadata={"tags": ["exercise"]})
    solutions[len(cells)] = solution.strip("\n")
    cells.append(cell)


def check(text):
    """The cell that shows an exercise's feedback; the test harness reads it (tag exercise-check)."""
    cells.append(new_code_cell(text.strip("\n"), metadata={"tags": ["exercise-check"]}))


def write_exercises(generator_file):
    """Writes the handout next to the generator and the solved copy into ../solutions/."""
    import copy
    write(generator_file)
    handout = Path(generator_file).with_suffix(".ipynb")
    nb = nbformat.read(handout, as_version=4)
    solved = copy.deepcopy(nb)
    for index, text in solutions.items():
        solved.cells[index].source = text
    solved.cells.insert(0, new_markdown_cell("**Solutions** of [the exercises](../exercises/" + handout.name + "): "
                                             "for teachers; students, try first."))
    for i, c in enumerate(solved.cells):
        c["id"] = "cell-%03d" % i
    target = handout.parent.parent / "solutions" / handout.name
    target.parent.mkdir(exist_ok=True)
    nbformat.write(solved, target)
    print("wrote", target)
