#!/usr/bin/python3
"""Builds the executed notebook series into a static HTML book, readable offline.

  book.py --executed target/notebooks [--executed target/exercises ...] --out target/book

Every executed notebook (*.ipynb in each --executed directory, in that order, by name within a directory) becomes one
page NAME.html with its markdown, code, pictures (PNG, embedded in the page as data: URIs, so a page is one file),
tables and the outputs of its checks; each page links to the index and to the previous and next page
(<a rel="prev">, <a rel="next">). index.html lists the pages: number, title, the claims (from the "**Claims:**" line
of the notebook's opening), the checks shown (count of outputs starting with a check mark) and the pictures.
Formulas are typeset by MathJax: a copy of Debian's libjs-mathjax in the book (mathjax/, about 1.6 MB, so offline
too) when it is installed, else MathJax from cdnjs (online only; offline formulas show as TeX); --mathjax URL for
another.
scripts/check_book.py verifies the result against the executed notebooks. Needs Debian's python3-nbconvert.
"""
import argparse
import html
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from pygments.formatters import HtmlFormatter

MATHJAX = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
# Debian's libjs-mathjax (MathJax 2, a dependency of jupyter-notebook): the parts TeX input and CommonHTML output
# need, about 1.6 MB, copied into the book so formulas are typeset offline too.
LOCAL_MATHJAX = Path("/usr/share/javascript/mathjax")
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "extensions", "jax/element", "jax/input/TeX",
                 "jax/output/CommonHTML", "fonts/HTML-CSS/TeX/woff"]


def copy_mathjax(source, out):
    """Copies MathJax's TeX/CommonHTML parts from source into out/mathjax; returns the pages' script URL."""
    for part in MATHJAX_PARTS:
        src, dst = source / part, out / "mathjax" / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, symlinks=False)
        else:
            shutil.copyfile(src, dst)
    return "mathjax/MathJax.js?config=TeX-AMS_CHTML-full"
CHECK_MARK = re.compile(r"^\s*[\u2714\u2718] ")
CLAIM_ID = re.compile(r"\b(?:S|B|P|D)\d{1,2}\b")

STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 72em; margin: 0 auto;
       padding: 0 1.5em 3em; color: #1f2328; line-height: 1.45; }
nav.book { display: flex; justify-content: space-between; gap: 1em; padding: .6em 0; border-bottom: 1px solid #d0d7de;
           font-size: .95em; }
nav.book.bottom { border-top: 1px solid #d0d7de; border-bottom: none; margin-top: 2em; }
nav.book a { text-decoration: none; color: #0969da; }
table.index { border-collapse: collapse; width: 100%; }
table.index th, table.index td { border: 1px solid #d0d7de; padding: .35em .6em; text-align: left; vertical-align: top; }
table.index td.n { text-align: right; }
.cell { margin: .6em 0; }
.prompt { display: none; }
.input_area, div.highlight { background: #f6f8fa; border-radius: 4px; overflow-x: auto; }
.input_area pre, div.highlight pre { margin: 0; padding: .5em .7em; font-size: .85em; }
.output_area { margin: .3em 0 .3em 1.2em; overflow-x: auto; }
.output_area pre { font-size: .85em; white-space: pre-wrap; }
.output_area img { max-width: 100%; height: auto; }
.output_stderr pre, .output_error pre { background: #fff1f0; }
.rendered_html table { border-collapse: collapse; font-size: .85em; }
.rendered_html th, .rendered_html td { border: 1px solid #d0d7de; padding: .2em .5em; }
a.anchor-link { visibility: hidden; margin-left: .3em; text-decoration: none; }
h1:hover a.anchor-link, h2:hover a.anchor-link, h3:hover a.anchor-link { visibility: visible; }
"""


def opening(nb):
    """The notebook's first markdown cell's text ('' if none)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            return cell.source
    return ""


def title_of(nb, name):
    for line in opening(nb).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return name


def claims_of(nb):
    """Claim ids named in the opening's "**Claims:**" (or "**Claim:**") paragraph, in order, e.g. ['B8', 'B9']."""
    m = re.search(r"\*\*Claims?:?\*\*:?(.*?)(?:\n\s*\n|$)", opening(nb), re.S)
    if not m:
        return []
    text = m.group(1)
    found = []
    for lo, hi in re.findall(r"\b([SBPD]\d{1,2})\s*[-\u2013]\s*([SBPD]\d{1,2})\b", text):
        if lo[0] == hi[0]:
            found += [f"{lo[0]}{i}" for i in range(int(lo[1:]), int(hi[1:]) + 1)]
    for c in CLAIM_ID.findall(text):
        if c not in found:
            found.append(c)
    return found


def output_text(out):
    data = out.get("data", {}).get("text/plain", out.get("text", ""))
    return "".join(data) if isinstance(data, list) else data


def check_outputs(nb):
    """The text of every output that shows a check or an exercise's feedback (a line starting with a check mark)."""
    return [output_text(o) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if CHECK_MARK.match(output_text(o))]


def png_outputs(nb):
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if "image/png" in o.get("data", {}))


def nav(pages, i, where):
    prev_link = (f'<a rel="prev" href="{pages[i - 1]["file"]}">&larr; {html.escape(pages[i - 1]["title"])}</a>'
                 if i > 0 else "<span></span>")
    next_link = (f'<a rel="next" href="{pages[i + 1]["file"]}">{html.escape(pages[i + 1]["title"])} &rarr;</a>'
                 if i + 1 < len(pages) else "<span></span>")
    return (f'<nav class="book {where}">{prev_link}<a rel="index" href="index.html">Contents</a>{next_link}</nav>')


def page(title, body, mathjax, navigation_top="", navigation_bottom=""):
    script = ""
    if mathjax:
        script = ('<script type="text/x-mathjax-config">MathJax.Hub.Config({tex2jax: {inlineMath: [["$", "$"], '
                  '["\\\\(", "\\\\)"]], processEscapes: true}});</script>\n'
                  f'<script async src="{html.escape(mathjax)}"></script>\n')
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{html.escape(title)}</title>\n<link rel="stylesheet" href="style.css">\n{script}</head>\n'
            f'<body>\n{navigation_top}\n<main>\n{body}\n</main>\n{navigation_bottom}\n</body>\n</html>\n')


def relink(body, names):
    """Links between notebooks (NAME.ipynb, any folder) point at their pages when the book has them."""
    def sub(m):
        name = m.group(2)
        return f'href="{name}.html{m.group(3) or ""}"' if name in names else m.group(0)
    return re.sub(r'href="([^"#]*/)?([^"/#]+)\.ipynb(#[^"]*)?"', sub, body)


def build(executed_dirs, out, mathjax=None, title="Loss landscapes in Java notebooks"):
    notebooks = []
    for d in executed_dirs:
        found = sorted(Path(d).glob("*.ipynb"))
        if not found:
            raise SystemExit(f"book: no executed notebooks in {d} (run scripts/run_notebooks.py first)")
        notebooks += found
    names = [p.stem for p in notebooks]
    if len(set(names)) != len(names):
        raise SystemExit("book: two executed notebooks share a name: " + ", ".join(sorted(n for n in names if names.count(n) > 1)))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if mathjax is None:
        mathjax = copy_mathjax(LOCAL_MATHJAX, out) if (LOCAL_MATHJAX / "MathJax.js").is_file() else MATHJAX
    exporter = HTMLExporter(template_name="basic")
    pages = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        pages.append({"name": path.stem, "file": path.stem + ".html", "source": str(path), "nb": nb,
                      "title": title_of(nb, path.stem), "claims": claims_of(nb),
                      "checks": len(check_outputs(nb)), "pictures": png_outputs(nb)})
    for i, p in enumerate(pages):
        body, _ = exporter.from_notebook_node(p.pop("nb"))
        body = relink(body, set(names))
        (out / p["file"]).write_text(page(p["title"], body, mathjax, nav(pages, i, "top"), nav(pages, i, "bottom")),
                                     encoding="utf-8")
    rows = "\n".join(
        f'<tr><td class="n">{i + 1}</td><td><a href="{p["file"]}">{html.escape(p["title"])}</a></td>'
        f'<td>{html.escape(", ".join(p["claims"]) or "-")}</td><td class="n">{p["checks"]}</td>'
        f'<td class="n">{p["pictures"]}</td></tr>' for i, p in enumerate(pages))
    index_body = (f"<h1>{html.escape(title)}</h1>\n<p>The notebook series as executed (at the scale it ran at), one page "
                  f"per notebook, with its pictures, tables and the outputs of its checks. Read it in order, or jump "
                  f"to a notebook; every page links to the previous and the next.</p>\n"
                  f'<table class="index">\n<tr><th>#</th><th>notebook</th><th>claims</th><th>checks shown</th>'
                  f"<th>pictures</th></tr>\n{rows}\n</table>\n")
    first = (f'<nav class="book top"><span></span><span>Contents</span>'
             f'<a rel="next" href="{pages[0]["file"]}">{html.escape(pages[0]["title"])} &rarr;</a></nav>')
    (out / "index.html").write_text(page(title, index_body, None, first), encoding="utf-8")
    (out / "style.css").write_text(STYLE + HtmlFormatter(style="default").get_style_defs(".highlight"), encoding="utf-8")
    (out / "book.json").write_text(json.dumps({"pages": pages}, indent=1), encoding="utf-8")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"book: {len(pages)} pages, {sum(p['pictures'] for p in pages)} pictures, "
          f"{sum(p['checks'] for p in pages)} checks shown, {size / 1e6:.1f} MB in {out}")
    return pages


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--executed", type=Path, action="append", required=True,
                   help="a directory of executed notebooks (repeat for more, e.g. target/notebooks target/exercises)")
    p.add_argument("--out", type=Path, default=Path("target/book"))
    p.add_argument("--mathjax", help="MathJax 2 script URL, 'none' for none; default: a copy of Debian's "
                                      "libjs-mathjax in the book, or cdnjs 2.7.7 when it is not installed")
    args = p.parse_args(argv)
    build(args.executed, args.out, "" if args.mathjax == "none" else args.mathjax)
    return 0


if __name__ == "__main__":
    sys.exit(main())
