"""The integrated chronology as a PDF to read and print: a table per month, marked OFFICIAL-SENSITIVE.

One table per month, not one long table: WeasyPrint lays out one table of thousands of rows
slowly. Each row has three cells (when; who and what kind; the account), each of plain text
with line breaks kept (white-space: pre-line): WeasyPrint's cost is per element, per line and
per page, and 10,000 entries must render in seconds, not minutes. Gaps with no contact are
rows where they fall, and each entry of an event group names the group and the other
agencies in it. It is an internal working copy, so it is not tagged (PDF/UA): tagging
thousands of rows costs more than the layout. The published report is tagged. Layout uses
one core, so a large chronology is laid out in parts, two at once, joined, and numbered
"Page x of y" with pikepdf (a WeasyPrint render of the page furniture alone cost as much as a part).
"""
from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import io
import itertools
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import jinja2
import pikepdf

from pipeline import TEMPLATES
from pipeline.chronology.merge import Integrated
from pipeline.chronology.outputs import MARKING, Row, colours, day, rows
from pipeline.tools.weasy import render_pdf

FONTS = TEMPLATES / "fonts"
TEMPLATES = TEMPLATES / "chronology"
# The report's shipped fonts: digits from Report Digits (a plain zero), the rest Atkinson Hyperlegible. Laid
# out 10% quicker than DejaVu Sans, and the same on every machine. (family, weight, file) for @font-face.
FONT_FACES = tuple((family, weight, (FONTS / f"{stem}-{style}.ttf").as_uri())
                   for family, stem in (("Report Digits", "ReportDigits"),
                                        ("Atkinson Hyperlegible", "AtkinsonHyperlegible"))
                   for weight, style in ((400, "Regular"), (700, "Bold")))
SPLIT_ABOVE = 2000  # entries: below this one render is quicker than two processes and the join
PART_ENTRIES = 1250  # at most, per part: memory grows with a render's size (10,000 entries: eight parts)
# "Page x of y" as WeasyPrint would place it in the bottom-right margin box (A4 landscape, 12 mm side margin)
FOOTER_SIZE, FOOTER_GREY, RIGHT_MARGIN, FOOTER_BASELINE = 7, 0.267, 12 * 72 / 25.4, 20
# Helvetica's advance widths (thousandths of the size) of every character the footer uses
HELVETICA_WIDTHS = {**dict.fromkeys("0123456789aegoP", 556), "P": 667, " ": 278, "f": 278}


def cells(row: Row) -> tuple[str, str]:
    """(when, then who and what kind, on two lines; the account, run on): the layout's cost is per line. An entry
    of an event group names it; the group's other entries are on the same day, next to it."""
    flags = [f"age {row.age}" if row.age else "", "approx." if row.approximate else "",
             "outside review period" if row.outside else "", f"event group {row.link}" if row.link else ""]
    when = " · ".join(p for p in (f"{row.number}. {row.date} {row.time}".rstrip(), *flags) if p)
    who = when + "\n" + " · ".join(p for p in (row.agency, row.kind or row.category) if p)
    source = "; ".join(p for p in (row.source, row.role) if p)
    account = " — ".join(p for p in (row.event, f"Action / outcome: {row.action}" if row.action else "",
                                    f"Significance: {row.significance}" if row.significance else "",
                                    f"Source: {source}" if source else "") if p)
    return who, account


def gap_rows(integrated: Integrated) -> dict[int, str]:
    """Each gap, by the number of the entry it comes before (one past the last entry when none follows)."""
    days = [(e.date.start, i + 1) for i, e in enumerate(integrated.entries) if e.date.precision == "day"]
    starts = [start for start, _ in days]  # in order: the merge sorts entries by their first day
    placed = {}
    for gap in integrated.gaps:
        at = bisect.bisect_left(starts, gap.before)
        number = days[at][1] if at < len(days) else len(integrated.entries) + 1
        placed[number] = (f"No contact by any agency for {gap.days} days: {day(gap.after)} to {day(gap.before)}")
    return placed


def page_context(integrated: Integrated, names: dict[str, str], title: str, review_id: str, copy: str) -> dict:
    """What the template needs for the whole document; `build_html` renders it or a part of it."""
    table_rows = rows(integrated, names)
    gaps = gap_rows(integrated)
    months = []
    for month, group in itertools.groupby(table_rows, key=lambda r: f"{r.when:%B %Y}"):
        months.append((month, [(r.agency_index, bool(r.link), gaps.get(r.number), cells(r)) for r in group]))
    trailing = gaps.get(len(table_rows) + 1)
    if trailing and months:
        months[-1][1].append((0, False, trailing, None))
    start, end = integrated.period
    count = len(names)
    return dict(title=title, review_id=review_id, period=f"{day(start)} to {day(end)}", entries=table_rows,
                agencies=integrated.agencies, gaps=integrated.gaps, gap_days=integrated.gap_days,
                groups=len(integrated.links), months=months, marking=MARKING, text_colour=colours.TEXT,
                fills=[colours.fill(i) for i in range(count)], marks=[colours.mark(i) for i in range(count)],
                front=True, copy=copy, font_faces=FONT_FACES)


def build_html(context: dict, **part) -> str:
    """The document, or a part of it: `months`, and `front` (title, agencies, gaps, links) or not."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("integrated.html.j2").render({**context, **part})


def split(months: list, parts: int) -> list[list]:
    """The months in `parts` runs of about equal entries: a part starts at a month heading, so no
    entry is cut (fewer parts when there are fewer months)."""
    counts = list(itertools.accumulate(len(group) for _, group in months))
    cuts = sorted({min(range(1, len(months)), key=lambda i: abs(counts[i - 1] - counts[-1] * k / parts))
                   for k in range(1, parts)})
    return [months[a:b] for a, b in zip([0, *cuts], [*cuts, len(months)])]


def join(parts: list[pikepdf.Pdf]) -> pikepdf.Pdf:
    """The parts in the first, the later parts' month bookmarks carried over under the title. The first
    part keeps its metadata; the others must stay open until it is saved (their streams are read then)."""
    first, *others = parts
    bookmarks = []
    for other in others:
        offset = len(first.pages)
        with other.open_outline() as outline:
            bookmarks += [(item.title, offset + other.pages.index(pikepdf.Page(item.destination[0])),
                           float(item.destination[3])) for item in outline.root]
        first.pages.extend(other.pages)
    if bookmarks:
        with first.open_outline() as outline:
            outline.root[-1].children.extend(pikepdf.OutlineItem(title, page, "XYZ", top=top)
                                             for title, page, top in bookmarks)
    return first


def number_pages(document: pikepdf.Pdf) -> bytes:
    """'Page x of y' at the foot of each page, right-aligned in the right margin, in the viewer's
    Helvetica (a standard font: nothing to embed); the file ID is derived from the content."""
    font = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                     BaseFont=pikepdf.Name.Helvetica,
                                                     Encoding=pikepdf.Name.WinAnsiEncoding))
    total = len(document.pages)
    for number, page in enumerate(document.pages, start=1):
        text = f"Page {number} of {total}"
        right = float(page.mediabox[2]) - RIGHT_MARGIN
        x = right - FOOTER_SIZE * sum(HELVETICA_WIDTHS[c] for c in text) / 1000
        # WeasyPrint shares one Resources dictionary among pages: each page gets its own copy to add to.
        page.Resources = pikepdf.Dictionary(page.Resources)
        page.Resources.Font = pikepdf.Dictionary({**page.Resources.get("/Font", {}), "/PageNumber": font})
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(f"Q\nq BT /PageNumber {FOOTER_SIZE} Tf {FOOTER_GREY} {FOOTER_GREY} {FOOTER_GREY} rg "
                          f"{x:.2f} {FOOTER_BASELINE} Td ({text}) Tj ET Q\n".encode())
    numbered = io.BytesIO()
    document.save(numbered, deterministic_id=True)
    return numbered.getvalue()


def build_pdf(integrated: Integrated, names: dict[str, str], title: str, review_id: str, base_dir: Path,
              date: dt.date, copy: str = "integrated chronology (internal)") -> bytes:
    """The PDF, with nothing else to build meanwhile."""
    with part_renderers(len(integrated.entries)) as renderers, \
            rendering_pdf(integrated, names, title, review_id, base_dir, date, renderers, copy) as finished:
        return finished()


@contextlib.contextmanager
def part_renderers(entries: int) -> Iterator[ProcessPoolExecutor | None]:
    """The two processes a chronology of `entries` entries renders its parts in (None when it is one render,
    or when they cannot start), started now: start them before the merge. Forked after it, they page-faulted
    about 30 times as often as a fresh process (the merge leaves a fragmented heap to share): 10,000 entries
    cost 8 s more of CPU, a sixth of the PDF's."""
    if entries <= SPLIT_ABOVE:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"),
                               initializer=collect_rarely)
    gc.freeze()  # what they inherit is never collected there, so it stays shared
    try:
        pool.submit(int).result()  # a fork pool starts all its processes at its first task
        started = True
    except (OSError, BrokenProcessPool):  # no process could start: one render, in this process
        started = False
    finally:
        gc.unfreeze()
    if not started:
        pool.shutdown()
        yield None
        return
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


@contextlib.contextmanager
def rendering_pdf(integrated: Integrated, names: dict[str, str], title: str, review_id: str, base_dir: Path,
                  date: dt.date, renderers: ProcessPoolExecutor | None,
                  copy: str = "integrated chronology (internal)") -> Iterator[Callable[[], bytes]]:
    """Starts a large chronology's parts (an even number, each of at most PART_ENTRIES) rendering two at
    a time in the `renderers` (from part_renderers: WeasyPrint's layout is the cost and uses one core), and
    gives the function that waits for them, joins them and numbers the pages "Page x of y": the caller
    builds its other outputs meanwhile, so both cores stay busy. Without renderers, or for a small
    chronology, it is one render, when asked. `copy` says which copy it is, in each page's footer."""
    context = page_context(integrated, names, title, review_id, copy)
    options = dict(base_dir=base_dir, roots=[TEMPLATES, FONTS], what="integrated-chronology.pdf", variant=None,
                   date=date)

    def whole() -> bytes:
        return render_pdf(build_html(context), **options)

    months, entries = context["months"], len(context["entries"])
    if renderers is None or entries <= SPLIT_ABOVE or len(months) < 2:
        yield lambda: numbered([whole()])
        return
    runs = split(months, 2 * -(-entries // (2 * PART_ENTRIES)))
    try:
        futures = [renderers.submit(render_pdf, build_html(context, months=run, front=i == 0), **options)
                   for i, run in enumerate(runs)]
    except BrokenProcessPool:  # a process died since it started
        futures = []

    def finished() -> bytes:
        try:
            parts = [future.result() for future in futures] if futures else [whole()]
        except BrokenProcessPool:  # a part's process died (out of memory?): one render, here: slower, and lighter
            parts = [whole()]
        return numbered(parts)

    yield finished


def collect_rarely() -> None:
    """A part process's cyclic garbage collector: on (the stage pauses it: stages.chronology.collector_paused),
    young objects looked at every 20,000 new ones, not 700 (WeasyPrint makes millions, and few cycles: the
    default passes cost a fifth of a part's time), the older ones every 4 and 2 of those, so a part's cycles
    are gone before the next (each process stays under 300 MB; collecting only after each part page-faulted
    ~6 s more)."""
    gc.set_threshold(20_000, 4, 2)
    gc.enable()


def numbered(parts: list[bytes]) -> bytes:
    with contextlib.ExitStack() as stack:
        return number_pages(join([stack.enter_context(pikepdf.open(io.BytesIO(part))) for part in parts]))
