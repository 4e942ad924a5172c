"""WeasyPrint, the one way every stage turns HTML into PDF.

It may only read local files under the folders it is given and data: URIs (never the
network), any ERROR it logs fails the build, and output is reproducible: timestamps come
from the case (SOURCE_DATE_EPOCH), not from the clock.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from pipeline.errors import BadInput, Problem


class LocalOnlyFetcher(URLFetcher):
    """Fetch data: URIs and files below `roots`; refuse everything else."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [Path(r).resolve() for r in roots]

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return super().fetch(url, headers)
        if parsed.scheme == "file":
            target = Path(unquote(parsed.path)).resolve()
            if any(target == root or root in target.parents for root in self.roots):
                return super().fetch(url, headers)
        raise FatalURLFetchingError(f"refused to fetch {url}: only files in the case and build folders may be used")


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def source_date(day: dt.date | None):
    """Set SOURCE_DATE_EPOCH from a case date for the duration of a render."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if day is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def render_pdf(html: str, *, base_dir: Path, roots: list[Path], what: str,
               variant: str | None = "pdf/ua-1", date: dt.date | None = None) -> bytes:
    """Render `html` to PDF bytes; `what` names the document in any error message."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    try:
        with source_date(date):
            document = weasyprint.HTML(string=html, base_url=str(Path(base_dir).resolve()) + "/",
                                       url_fetcher=LocalOnlyFetcher([base_dir, *roots]))
            options = {"pdf_variant": variant} if variant else {}
            pdf = document.write_pdf(**options)
    except FatalURLFetchingError as exc:
        raise BadInput(Problem(what, str(exc), "remove the link or image, or copy the file into the case folder"))
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise BadInput([Problem(what, f"PDF rendering error: {m}", "fix the content it names") for m in collector.messages])
    return pdf
