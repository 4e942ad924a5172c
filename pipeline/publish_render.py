"""TEMPORARY stand-in for the draft stage's renderer (pipeline/render.py), for the lead to reconcile.

The draft engineer's `pipeline.render` (render_html(markdown, public=...), render_pdf(html, ...))
had not landed on main when publish was written. This module has the same two functions so
that publish switches over by changing one import; delete it then.
"""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import jinja2
import pypandoc
import yaml

from . import weasy

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
SECTION_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)

PAGE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="author" content="{{ partnership }}">
<style>
html { font-family: "DejaVu Sans", Arial, sans-serif; color: #0b0c0c; background: #ffffff; line-height: 1.5; }
body { margin: 0 auto; padding: 1rem; max-width: 44rem; overflow-wrap: break-word; }
a { color: #1d4f91; } a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
.skip { position: absolute; left: -999em; } .skip:focus { position: static; }
table { border-collapse: collapse; width: 100%; }
@media screen { table { display: block; overflow-x: auto; } }
th, td { border: 1px solid #505a5f; padding: 0.4em; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
img { max-width: 100%; height: auto; }
nav ol { padding-left: 1.5em; }
@page { size: A4; margin: 2cm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
@media print { .skip { display: none; } main h2 { break-before: page; } }
</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header>
<h1>{{ title }}</h1>
<p>{{ partnership }}</p>
{% if reviewers %}<p>Independent review by {{ reviewers | join(", ") }}</p>{% endif %}
{% if date %}<p>Published {{ date }}</p>{% endif %}
</header>
<nav aria-labelledby="contents-title">
<h2 id="contents-title">Contents</h2>
<ol>
{% for target, heading in contents %}
<li><a href="#{{ target }}">{{ heading }}</a></li>
{% endfor %}
</ol>
</nav>
<main id="main">
{{ body | safe }}
</main>
</body>
</html>
""")


def front_matter(markdown: str) -> dict:
    match = FRONT_MATTER.match(markdown)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def _scoped_headers(body: str) -> str:
    """Header cells say what they head: column headers in <thead>, row headers elsewhere."""
    unscoped = re.compile(r"<th(?=[ >])(?![^>]*scope=)")
    body = re.sub(r"<thead>.*?</thead>", lambda m: unscoped.sub('<th scope="col"', m.group(0)), body, flags=re.DOTALL)
    return unscoped.sub('<th scope="row"', body)


def render_html(markdown: str, *, public: bool) -> str:
    """The report as one self-contained page: the title is the only h1, sections are h2."""
    assert public, "this stand-in only renders the public report"
    meta = front_matter(markdown)
    body = pypandoc.convert_text(markdown, "html5", format="markdown",
                                 extra_args=["--wrap=none", "--shift-heading-level-by=1"])
    body = _scoped_headers(body)
    contents = [(target, html_lib.unescape(re.sub(r"<[^>]+>", "", heading)))
                for target, heading in SECTION_HEADING.findall(body)]
    authors = meta.get("author") or []
    return PAGE.render(lang=meta.get("lang", "en-GB"), title=meta.get("title", ""),
                       partnership=meta.get("subtitle", ""), reviewers=[authors] if isinstance(authors, str) else authors,
                       date=meta.get("date", ""), contents=contents, body=body)


def render_pdf(html: str, *, base_dir: Path, what: str, date: dt.date | None) -> bytes:
    return weasy.render_pdf(html, base_dir=base_dir, roots=[], what=what, variant="pdf/ua-1", date=date)
