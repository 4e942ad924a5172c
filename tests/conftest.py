"""Shared fixtures; each topic's block is headed by a comment naming it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.weasy import render_pdf

# --- publication: leak scan, check-pdf, publish --------------------------------------------

PUBLIC_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Review: Child W</title>
<meta name="author" content="Northbrook Safeguarding Children Partnership"></head>
<body><h1 id="review">Review: Child W</h1>
<h2 id="{heading_id}">What happened</h2>
<p>Child W lived with Mother and Sibling. See <a href="https://www.example.co.uk/reviews">the reviews</a>.</p>
<p><img src="data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='40' height='20'%3E%3Crect width='40' height='20' fill='%23246'/%3E%3C/svg%3E" alt="{alt}"></p>
</body></html>"""


def make_public_html(heading_id: str = "what-happened", alt: str = "A bar chart of agency contacts") -> str:
    return PUBLIC_PAGE.format(heading_id=heading_id, alt=alt)


@pytest.fixture
def public_html():
    """A small public page maker: tagged-PDF-ready, with a heading id, a link and an informative image."""
    return make_public_html


@pytest.fixture
def render_public(tmp_path):
    """Render a public page to a tagged PDF file; returns its path."""
    def render(html: str | None = None, name: str = "child-w.pdf", variant: str | None = "pdf/ua-1") -> Path:
        pdf = render_pdf(html or make_public_html(), base_dir=tmp_path, roots=[], what=name,
                         variant=variant, date=dt.date(2027, 1, 12))
        path = tmp_path / name
        path.write_bytes(pdf)
        return path
    return render
