#!/usr/bin/python3
"""Verifies the book scripts/book.py built against the executed notebooks it was built from. Run by scripts/test.sh.

  check_book.py --executed target/notebooks [--executed target/exercises ...] --book target/book [--max-mb 40]
                [--expect notebooks --expect notebooks/exercises]

Fails (exit 1, one line per problem) unless:
1. every executed notebook has its page NAME.html, and index.html links to every page; with --expect DIR, every
   notebook of DIR (the sources) was executed and has its page too;
2. every page has its pictures: as many embedded PNG images (<img src="data:image/png;base64,...">, each a real PNG)
   as the executed notebook has image/png outputs;
3. every check's output (each output starting with a check mark: Check.that's and the exercises' Feedback) appears
   in its page's text (tags removed, entities decoded, whitespace ignored);
4. every local link of every page (and its stylesheet and MathJax, when local) resolves to a file of the book, and the pages' previous/next links follow the
   index's order (the first page has no previous, the last no next);
5. the whole book is smaller than --max-mb megabytes.
"""
import argparse
import base64
import html
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book import check_outputs, png_outputs  # noqa: E402

IMG_PNG = re.compile(r'<img\s[^>]*src="data:image/png;base64,([^"]*)"')
HREF = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>')
ASSET = re.compile(r'<(?:script|link)\s[^>]*(?:src|href)="([^"]*)"')  # the stylesheet, MathJax
REL_HREF = re.compile(r'<a\s+rel="(prev|next|index)"\s+href="([^"]*)"')


def text_of(page_html):
    """The page's text with tags removed, entities decoded and all whitespace left out."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page_html, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", "", text)


def check(executed_dirs, book, max_mb, expected_dirs=()):
    problems = []
    notebooks = [p for d in executed_dirs for p in sorted(Path(d).glob("*.ipynb"))]
    if not notebooks:
        return [f"no executed notebooks in {', '.join(map(str, executed_dirs))}"], {}
    executed_names = {p.name for p in notebooks}
    for d in expected_dirs:
        for source in sorted(Path(d).glob("*.ipynb")):
            if source.name not in executed_names:
                problems.append(f"{source} was not executed, so the book has no page for it")
    index_path = book / "index.html"
    if not index_path.is_file():
        return [f"{index_path} is missing"], {}
    index = index_path.read_text(encoding="utf-8")
    index_links = list(dict.fromkeys(h for h in HREF.findall(index) if h.endswith(".html")))
    order = [p.stem + ".html" for p in notebooks]
    if [h for h in index_links if h in order] != order:
        problems.append(f"index.html does not link every page in order: {index_links} vs {order}")
    stats = {"pages": 0, "pictures": 0, "checks": 0}
    for i, path in enumerate(notebooks):
        page_path = book / order[i]
        if not page_path.is_file():
            problems.append(f"{path.name} has no page ({page_path} missing)")
            continue
        page = page_path.read_text(encoding="utf-8")
        nb = nbformat.read(path, as_version=4)
        stats["pages"] += 1

        images = IMG_PNG.findall(page)
        want = png_outputs(nb)
        if len(images) != want:
            problems.append(f"{page_path.name}: {len(images)} embedded PNG pictures, the notebook has {want}")
        for k, data in enumerate(images):
            try:
                ok = base64.b64decode(data[:64] + "=" * (-len(data[:64]) % 4))[:8] == b"\x89PNG\r\n\x1a\n"
            except ValueError:
                ok = False
            if not ok:
                problems.append(f"{page_path.name}: picture {k + 1} is not a PNG")
        stats["pictures"] += len(images)

        text = text_of(page)
        for out in check_outputs(nb):
            stats["checks"] += 1
            if re.sub(r"\s+", "", out) not in text:
                problems.append(f"{page_path.name}: the check output {out.strip()[:120]!r} is not on the page")

        for href in HREF.findall(page) + ASSET.findall(page):
            target = href.split("#")[0].split("?")[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # an anchor on the page, or http:, https:, mailto:, data:
            if not (book / target).is_file():
                problems.append(f"{page_path.name}: link {href!r} does not resolve")
        rel = {}
        for kind, href in REL_HREF.findall(page):
            rel.setdefault(kind, set()).add(href)
        want_rel = {"index": {"index.html"}}
        if i > 0:
            want_rel["prev"] = {order[i - 1]}
        if i + 1 < len(order):
            want_rel["next"] = {order[i + 1]}
        if rel != want_rel:
            problems.append(f"{page_path.name}: navigation {sorted((k, sorted(v)) for k, v in rel.items())}, "
                            f"expected {sorted((k, sorted(v)) for k, v in want_rel.items())}")
    size = sum(f.stat().st_size for f in book.rglob("*") if f.is_file())
    stats["mb"] = size / 1e6
    if size > max_mb * 1e6:
        problems.append(f"the book is {size / 1e6:.1f} MB, over the {max_mb} MB bound")
    return problems, stats


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--executed", type=Path, action="append", required=True)
    p.add_argument("--book", type=Path, default=Path("target/book"))
    p.add_argument("--max-mb", type=float, default=40)
    p.add_argument("--expect", type=Path, action="append", default=[],
                   help="a directory of source notebooks, each of which must have a page")
    args = p.parse_args(argv)
    problems, stats = check(args.executed, args.book, args.max_mb, args.expect)
    if problems:
        print("\n".join("book: " + line for line in problems))
        print(f"book check: {len(problems)} problems")
        return 1
    print(f"book check: {stats['pages']} pages, each with its pictures ({stats['pictures']} in all) and its checks' "
          f"outputs ({stats['checks']}); navigation resolves; {stats['mb']:.1f} MB (bound {args.max_mb:g} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
