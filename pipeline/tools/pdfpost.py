"""pikepdf post-processing: the PDF/UA details WeasyPrint leaves out (every report PDF), and the
public PDF's sanitising, metadata and linearising.

WeasyPrint tags table header cells as TH but gives them no /Scope, gives tables no /Summary and
opens the file without its bookmarks; PDF/UA expects all three (`tag_tables`).
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


def _children(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _table_attributes(element: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The element's Table attribute dictionary (/A /O /Table), made if it has none."""
    held = element.get("/A")
    for attrs in (held if isinstance(held, pikepdf.Array) else [held]):
        if isinstance(attrs, pikepdf.Dictionary) and attrs.get("/O") == "/Table":
            return attrs
    attrs = pikepdf.Dictionary(O=pikepdf.Name.Table)
    element.A = pikepdf.Array([*held, attrs]) if isinstance(held, pikepdf.Array) else (
        pikepdf.Array([held, attrs]) if held is not None else attrs)
    return attrs


def scope_headers(element: pikepdf.Dictionary, in_head: bool = False) -> None:
    """TH in a table head heads its column; a TH in the body heads its row."""
    kind = element.get("/S")
    if kind == "/TH" and "/Scope" not in _table_attributes(element):
        _table_attributes(element).Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
    for child in _children(element):
        scope_headers(child, in_head or kind == "/THead")


def tables_with_captions(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Table elements that hold a Caption, in reading order (a table split over pages is tagged as
    several Tables; only the first holds the caption)."""
    found = []
    for child in _children(element):
        if child.get("/S") == "/Table" and any(kid.get("/S") == "/Caption" for kid in _children(child)):
            found.append(child)
        found += tables_with_captions(child)
    return found


def tag_tables(pdf_bytes: bytes, captions: list[str]) -> bytes:
    """/Scope on every TH, each captioned table summarised by its caption (`captions`, in order),
    and the bookmarks shown when the file opens (PageMode /UseOutlines)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if isinstance(root, pikepdf.Dictionary):
            scope_headers(root)
            for table, caption in zip(tables_with_captions(root), captions):
                _table_attributes(table).Summary = pikepdf.String(caption)
        if "/Outlines" in pdf.Root:
            pdf.Root.PageMode = pikepdf.Name.UseOutlines
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


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
