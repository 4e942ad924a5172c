"""Structural accessibility checks of a PDF (PDF/UA-1 essentials), and veraPDF where installed.

veraPDF is the reference validator but is a Java program that is often not installed, so the
checks a screen-reader user depends on most always run here with pikepdf: a structure tree,
marked content, a document language, the title shown as the window title, alt text on every
figure, a scope on every table header cell, embedded fonts, and no page content outside marked content (untagged text is skipped
or read out of order by assistive technology).
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from redaction.leakscan import structure_elements

from pipeline.errors import BadInput, Problem

_SHOW_TEXT = {"Tj", "TJ", "'", '"'}
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
VERAPDF_TIMEOUT_S = 300


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str = ""
    hint: str = ""


def open_pdf(path: Path) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        raise BadInput(Problem(str(path), f"cannot be read as a PDF ({exc})",
                               "check the path, or rebuild the file with `make publish`")) from None


def check_tagged(pdf: pikepdf.Pdf) -> list[Check]:
    has_tree = isinstance(pdf.Root.get("/StructTreeRoot"), pikepdf.Dictionary)
    marked = bool((pdf.Root.get("/MarkInfo") or {}).get("/Marked", False))
    hint = "render with WeasyPrint's pdf/ua-1 variant (pipeline.tools.weasy.render_pdf does by default)"
    return [Check("structure tree (StructTreeRoot)", has_tree, "" if has_tree else "the PDF is not tagged", hint),
            Check("MarkInfo /Marked true", marked, "" if marked else "the PDF does not declare itself tagged", hint)]


def check_language(pdf: pikepdf.Pdf) -> Check:
    lang = str(pdf.Root.get("/Lang", "")).strip()
    return Check("document language (/Lang)", bool(lang), lang or "no /Lang in the catalogue",
                 'give the HTML <html lang="en-GB">')


def check_title_shown(pdf: pikepdf.Pdf) -> Check:
    shown = bool((pdf.Root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle", False))
    title = str((pdf.trailer.get("/Info") or {}).get("/Title", "")).strip()
    ok = shown and bool(title)
    detail = "" if ok else ("no document title" if not title else "DisplayDocTitle is not true")
    return Check("title shown as window title", ok, detail or title, "set a <title>; pdfpost sets DisplayDocTitle")


def check_figures_have_alt(pdf: pikepdf.Pdf) -> Check:
    figures = [e for e in structure_elements(pdf) if e.get("/S") == "/Figure"]
    missing = sum(1 for f in figures if not str(f.get("/Alt", f.get("/ActualText", ""))).strip())
    return Check("every Figure has alt text", missing == 0,
                 f"{missing} of {len(figures)} figures have no /Alt" if missing else f"figures: {len(figures)}",
                 "give every informative image alt text; draw decorative ones as CSS backgrounds")


def _has_scope(header: pikepdf.Dictionary) -> bool:
    held = header.get("/A")
    return any(isinstance(attrs, pikepdf.Dictionary) and "/Scope" in attrs
               for attrs in (held if isinstance(held, pikepdf.Array) else [held]))


def check_headers_scoped(pdf: pikepdf.Pdf) -> Check:
    headers = [e for e in structure_elements(pdf) if e.get("/S") == "/TH"]
    missing = sum(1 for header in headers if not _has_scope(header))
    return Check("every table header (TH) has a /Scope", missing == 0,
                 f"{missing} of {len(headers)} TH have no /Scope" if missing else f"table headers: {len(headers)}",
                 "render through pipeline.report.render.render_pdf (pdfpost.tag_tables adds the scopes)")


def _first_visit(obj, seen: set) -> bool:
    if not obj.is_indirect:
        return True
    if obj.objgen in seen:
        return False
    seen.add(obj.objgen)
    return True


def _fonts(resources, seen: set) -> list[tuple[str, pikepdf.Dictionary]]:
    """Fonts used by a page, its form XObjects and Type3 glyph procedures."""
    found = []
    if not isinstance(resources, pikepdf.Dictionary):
        return found
    for key, font in (resources.get("/Font") or {}).items():
        if _first_visit(font, seen):
            found.append((str(font.get("/BaseFont", key)), font))
            found += _fonts(font.get("/Resources"), seen)
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form" and _first_visit(xobject, seen):
            found += _fonts(xobject.get("/Resources"), seen)
    return found


def _is_embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        return all(_is_embedded(d) for d in font.get("/DescendantFonts") or [])
    descriptor = font.get("/FontDescriptor") or {}
    return any(key in descriptor for key in _FONT_FILES)


def check_fonts_embedded(pdf: pikepdf.Pdf) -> Check:
    seen: set = set()
    fonts = [f for page in pdf.pages for f in _fonts(page.obj.get("/Resources"), seen)]
    missing = sorted({name.lstrip("/") for name, font in fonts if not _is_embedded(font)})
    return Check("all fonts embedded", not missing,
                 ("not embedded: " + ", ".join(missing)) if missing else f"fonts: {len(fonts)}",
                 "use the shipped font (templates/fonts) in the stylesheet")


def _unmarked_operations(page: pikepdf.Page) -> int:
    depth = unmarked = 0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            depth += 1
        elif op == "EMC":
            depth = max(0, depth - 1)
        elif depth == 0 and (op in _SHOW_TEXT or op in _PAINT):
            unmarked += 1
    return unmarked


def check_content_marked(pdf: pikepdf.Pdf) -> Check:
    pages = {n: c for n, page in enumerate(pdf.pages, start=1) if (c := _unmarked_operations(page))}
    detail = "; ".join(f"page {n}: {c} drawing operations" for n, c in list(pages.items())[:5])
    return Check("no page content outside marked content", not pages,
                 detail or f"pages: {len(pdf.pages)}", "render with the pdf/ua-1 variant; mark decoration as artifacts")


def structural_checks(path: Path) -> list[Check]:
    with open_pdf(path) as pdf:
        return [*check_tagged(pdf), check_language(pdf), check_title_shown(pdf),
                check_figures_have_alt(pdf), check_headers_scoped(pdf), check_fonts_embedded(pdf),
                check_content_marked(pdf)]


def verapdf(path: Path) -> Check | None:
    """veraPDF's PDF/UA-1 validation, or None when no `verapdf` is on PATH."""
    program = shutil.which("verapdf")
    if program is None:
        return None
    run = subprocess.run([program, "--flavour", "ua1", "--format", "text", str(path)],
                         capture_output=True, text=True, timeout=VERAPDF_TIMEOUT_S)
    passed = run.returncode == 0 and "FAIL" not in run.stdout
    detail = (run.stdout.strip() or run.stderr.strip()).splitlines()
    return Check("veraPDF PDF/UA-1", passed, detail[0] if detail else "", "run veraPDF with --format html to see each rule")


def failures_as_problems(path: Path, checks: list[Check]) -> list[Problem]:
    return [Problem(str(path), f"{c.name}: {c.detail}", c.hint) for c in checks if not c.passed]
