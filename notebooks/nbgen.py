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
