"""docxtpl, the one way letters are filled in: Word templates in templates/letters/ (or another folder).

Autoescape is on (a '&' in a name would otherwise corrupt the document), and the document
properties are set to the partnership and a case date, so neither the template's author nor
the clock ends up in the file: the same case gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError

from pipeline import TEMPLATES
from pipeline.errors import BadInput, Problem
from pipeline.tools.office import docx_bytes
from pipeline.wording import FILTERS

TEMPLATE_DIR = TEMPLATES / "letters"


def render_docx(template: str, context: dict, *, title: str, author: str, when: dt.date,
                folder: Path = TEMPLATE_DIR) -> bytes:
    """Fill <folder>/<template> (templates/letters/ unless told) with `context`; return the .docx bytes."""
    path = folder / template
    document = DocxTemplate(path)
    env = Environment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    try:
        document.render(context, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise BadInput(Problem(str(path), f"the template cannot be filled in: {exc}",
                               f"regenerate it with {folder.relative_to(TEMPLATES.parent)}/make_templates.py or fix the tag it names"))
    return docx_bytes(document, title=title, author=author, when=when)
