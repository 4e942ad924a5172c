"""pikepdf post-processing of the public PDF: sanitise, set metadata, linearise.

WeasyPrint writes its name and version as Producer and leaves Subject, Keywords and dates
unset; a published file should say who published it and when (dates from the case, so two
builds are byte-identical) and nothing about who built it, on what machine, with what.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pikepdf
from pikepdf.sanitize import Sanitizer

PRODUCER = "lcspr"
_ACTIONS_THAT_LEAVE_THE_FILE = ("/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/JavaScript")
_SANITIZER = (Sanitizer().remove_javascript().remove_attachments().remove_multimedia()
              .remove_private_app_data().remove_thumbnails().remove_collection())


@dataclass(frozen=True)
class PublicMetadata:
    title: str
    author: str
    subject: str
    keywords: list[str]
    date: dt.date


def sanitise(pdf: pikepdf.Pdf) -> None:
    """Remove JavaScript, attachments, multimedia and actions that run something or open
    another file; web links (/URI) stay, they are the report's references."""
    _SANITIZER.apply(pdf)
    if isinstance(pdf.Root.get("/OpenAction"), pikepdf.Dictionary):   # an action; a plain destination may stay
        del pdf.Root.OpenAction
    for holder in (pdf.Root, *(page.obj for page in pdf.pages)):
        if "/AA" in holder:
            del holder.AA
    for page in pdf.pages:
        for annot in page.obj.get("/Annots") or []:
            if "/AA" in annot:
                del annot.AA
            action = annot.get("/A")
            if isinstance(action, pikepdf.Dictionary) and action.get("/S") in _ACTIONS_THAT_LEAVE_THE_FILE:
                del annot.A


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def set_metadata(pdf: pikepdf.Pdf, meta: PublicMetadata) -> None:
    """The same values in the Info dictionary and in XMP; nothing else survives in Info."""
    keywords = "; ".join(meta.keywords)
    stamp = dt.datetime.combine(meta.date, dt.time(), tzinfo=dt.timezone.utc).isoformat()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for key in list(xmp):
            if not key.startswith("{http://www.aiim.org/pdfua/ns/id/}"):
                del xmp[key]
        xmp["dc:title"] = meta.title
        xmp["dc:creator"] = [meta.author]
        xmp["dc:description"] = meta.subject
        xmp["pdf:Keywords"] = keywords
        xmp["pdf:Producer"] = PRODUCER
        xmp["xmp:CreatorTool"] = PRODUCER
        xmp["xmp:CreateDate"] = stamp
        xmp["xmp:ModifyDate"] = stamp
        xmp["xmp:MetadataDate"] = stamp
    info = pikepdf.Dictionary(
        Title=pikepdf.String(meta.title), Author=pikepdf.String(meta.author),
        Subject=pikepdf.String(meta.subject), Keywords=pikepdf.String(keywords),
        Creator=pikepdf.String(PRODUCER), Producer=pikepdf.String(PRODUCER),
        CreationDate=pikepdf.String(_pdf_date(meta.date)), ModDate=pikepdf.String(_pdf_date(meta.date)))
    pdf.trailer.Info = pdf.make_indirect(info)


def show_title(pdf: pikepdf.Pdf) -> None:
    """Viewers show the document title, not the file name, as the window title (PDF/UA)."""
    prefs = pdf.Root.get("/ViewerPreferences")
    if not isinstance(prefs, pikepdf.Dictionary):
        prefs = pdf.Root.ViewerPreferences = pikepdf.Dictionary()
    prefs.DisplayDocTitle = True


def postprocess(pdf_bytes: bytes, meta: PublicMetadata) -> bytes:
    """Sanitised, described, linearised (fast web view) PDF bytes with a deterministic /ID."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        sanitise(pdf)
        set_metadata(pdf, meta)
        show_title(pdf)
        out = io.BytesIO()
        pdf.save(out, linearize=True, deterministic_id=True)
    return out.getvalue()
