"""pandoc (shipped by pypandoc-binary): the one place lcspr calls it.

Sections are read into pandoc's JSON syntax tree, so headings, images and words can be
inspected the same way whether the reviewer wrote Markdown or Word. Markdown is written with
no line wrapping, so a name is never split across two lines for the anonymiser. pandoc runs
as a child that dies with the stage (pipeline.tools.children); pypandoc only says where it is.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypandoc

from pipeline.errors import BadInput, Problem
from pipeline.tools.children import die_with_parent
from pipeline.tools.weasy import source_date

MARKDOWN = "markdown"
# Tables are written as pipe tables, one row per line with its cells between bars: the
# anonymiser reads each cell on its own, not a row of columns padded with spaces.
MARKDOWN_OUT = "markdown-simple_tables-multiline_tables-grid_tables"
READ_ARGS = {".md": [], ".docx": ["--track-changes=accept"]}


def run_pandoc(args: list[str], text: str | None = None, cwd: Path | None = None) -> bytes:
    """pandoc's output for `args` (and `text` on its input); RuntimeError with its message when it fails."""
    done = subprocess.run([pypandoc.get_pandoc_path(), *args], input=None if text is None else text.encode("utf-8"),
                          capture_output=True, cwd=cwd, check=False,
                          preexec_fn=functools.partial(die_with_parent, os.getpid()))
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed (exit {done.returncode}): {done.stderr.decode('utf-8', 'replace')}")
    return done.stdout


def read_tree(path: Path, shown: str, media_dir: Path) -> dict:
    """A Markdown or Word section as a pandoc JSON tree; Word images are extracted to `media_dir`."""
    source = "docx" if path.suffix.lower() == ".docx" else MARKDOWN
    args = list(READ_ARGS[path.suffix.lower()])
    if source == "docx":
        args.append(f"--extract-media={media_dir}")
    try:
        return json.loads(run_pandoc([f"--from={source}", "--to=json", *args, str(path)]))
    except RuntimeError as exc:
        raise BadInput(Problem(shown, f"could not be read as {'Word' if source == 'docx' else 'Markdown'}: "
                                      f"{str(exc).strip().splitlines()[-1]}",
                               "open it and save it again (Word: File > Save As > Word Document)")) from None


def tree_to_markdown(tree: dict) -> str:
    return run_pandoc(["--from=json", f"--to={MARKDOWN_OUT}", "--wrap=none"], json.dumps(tree)).decode("utf-8")


def markdown_to_html(text: str) -> str:
    """An HTML fragment (no page around it): sections become h2 under the page's one h1, the title;
    heading ids are made from the heading text."""
    return run_pandoc([f"--from={MARKDOWN}", "--to=html5", "--wrap=none", "--shift-heading-level-by=1"],
                      text).decode("utf-8")


def docx_to_html(path: Path) -> str:
    """A Word document's body as an HTML fragment."""
    return run_pandoc(["--from=docx", "--to=html5", "--wrap=none", str(path)]).decode("utf-8")


def markdown_to_docx(text: str, target: Path, *, reference_doc: Path, resource_dir: Path, date=None) -> None:
    """Word output styled by `reference_doc`; byte-identical across runs thanks to SOURCE_DATE_EPOCH."""
    with source_date(date):
        run_pandoc([f"--from={MARKDOWN}", "--to=docx", f"--output={target}", f"--reference-doc={reference_doc}",
                    f"--resource-path={resource_dir}"], text, cwd=resource_dir)


def write_default_reference_docx(target: Path) -> None:
    """pandoc's own reference.docx, the starting point of templates/reference.docx."""
    run_pandoc([f"--output={target}", "--print-default-data-file", "reference.docx"])


# --- pandoc's JSON syntax tree: {"t": type, "c": content} nodes ---------------------------

SPACES = ("Space", "SoftBreak", "LineBreak")


def nodes(tree: object) -> Iterator[dict]:
    """Every node in a tree or part of one, parents before children."""
    if isinstance(tree, dict):
        if "t" in tree:
            yield tree
        for value in tree.values():
            yield from nodes(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from nodes(item)


def stringify(inlines: object) -> str:
    """The plain text of a list of inlines (alt text, a heading)."""
    parts: list[str] = []
    for node in nodes(inlines):
        if node["t"] == "Str":
            parts.append(node["c"])
        elif node["t"] in SPACES:
            parts.append(" ")
        elif node["t"] == "Code":
            parts.append(node["c"][1])
    return "".join(parts)


def words(tree: object) -> int:
    """Words in a tree: pandoc splits text at spaces into Str nodes; punctuation alone is no word."""
    return sum(1 for node in nodes(tree) if node["t"] == "Str" and any(ch.isalnum() for ch in node["c"]))


def of_type(tree: object, kind: str) -> list[dict]:
    return [node for node in nodes(tree) if node["t"] == kind]

