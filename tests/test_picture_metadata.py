"""Pictures carry more than they show (EXIF author and GPS, XMP, PNG text chunks, colour profiles, an
SVG's title, description, metadata and invisible text): every picture is rebuilt from what it shows
before it is drawn into the draft, and again on its way to redaction/media/, so a checker who looks
at it and keeps it publishes nothing else (pipeline/report/images.py)."""
from __future__ import annotations

import base64
import io
import json
import re
import struct
import zlib
from pathlib import Path

import docx
import pikepdf
import pypdfium2
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, PngImagePlugin

from pipeline.cli import main
from pipeline.report.images import clean_image
from tests.conftest import write_draft_case

PLANTED = ["Shannon", "Hartnell", "Willow", "Larkspur", "NB4 7QT"]   # register values of the example case
WHOLE = "Shannon Hartnell, 14 Larkspur Close, NB4 7QT"
XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Shannon Hartnell</dc:creator>'
       '<dc:description>Willow at 14 Larkspur Close, NB4 7QT</dc:description></rdf:Description></rdf:RDF>'
       '</x:xmpmeta>')
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
SHOWN_WORDS = "School; Home"


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = "Shannon Hartnell"                         # Artist
    exif[0x010E] = "Willow at 14 Larkspur Close, NB4 7QT"     # ImageDescription
    exif[0x8298] = "Shannon Hartnell"                         # Copyright
    exif[0x8825] = {1: "N", 2: (52.0, 14.0, 7.5), 3: "W", 4: (1.0, 30.0, 2.0)}   # GPS
    return exif


def jpeg_with_exif(colour=(200, 60, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), colour).save(out, "JPEG", exif=exif_with_gps(), comment=WHOLE,
                                            icc_profile=SRGB, xmp=XMP.encode())
    return out.getvalue()


def png_with_text_and_xmp() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Shannon Hartnell")
    info.add_text("Comment", WHOLE, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP)
    out = io.BytesIO()
    Image.new("RGBA", (40, 20), (29, 53, 87, 255)).save(out, "PNG", pnginfo=info, icc_profile=SRGB,
                                                         exif=exif_with_gps())
    return out.getvalue()


def svg_with_hidden_names() -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- drawn by Shannon Hartnell -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="240" height="120" viewBox="0 0 240 120"
     inkscape:label="Willow Hartnell">
  <title>Willow Hartnell at home</title>
  <desc>{WHOLE}</desc>
  <metadata>{XMP}</metadata>
  <style>.x {{ content: "Shannon" }}</style>
  <defs><linearGradient id="hartnell-fill"><stop offset="0" stop-color="#1d3557"/></linearGradient>
    <text id="larkspur">Larkspur Close</text></defs>
  <rect id="willow-house" x="10" y="10" width="100" height="60" fill="url(#hartnell-fill)"/>
  <rect x="120" y="10" width="60" height="60" fill="Hartnell" font-family="Shannon Sans"/>
  <use xlink:href="#willow-house" x="120"/>
  <text x="10" y="100" fill="#000" font-family="Willow">School <tspan display="none">Shannon</tspan></text>
  <text x="120" y="100" style="fill:#000">Home</text>
  <text x="10" y="100" opacity="0">Shannon Hartnell</text>
  <text x="10" y="100" fill="none">NB4 7QT</text>
  <text x="10" y="100" font-size="0">Larkspur</text>
  <g style="display:none"><text>Willow</text></g>
  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">Shannon Hartnell</p></foreignObject>
  <script>var who = "Willow";</script>
</svg>""".encode()


def word_section_with_exif(path: Path) -> None:
    document = docx.Document()
    document.add_heading("What was learnt", level=2)
    document.add_paragraph("Agencies now share a single plan for each family.")
    document.add_picture(io.BytesIO(jpeg_with_exif((60, 120, 200))))
    document.inline_shapes[0]._inline.docPr.set("descr", "A blue square standing for the shared plan")
    document.save(str(path))


PICTURES = {  # file name: (bytes, alt text)
    "photo.jpg": (jpeg_with_exif, "A red square standing for a visit"),
    "chart.png": (png_with_text_and_xmp, "A blue bar standing for a referral"),
    "places.svg": (svg_with_hidden_names, "A plan of two buildings"),
}


def run(stage: str, case: Path, build: Path, capfd) -> tuple[int, str]:
    code = main([stage, str(case), "--build-dir", str(build)])
    return code, " ".join(capfd.readouterr().err.split())


def add_pictures(case: Path, pictures: dict) -> None:
    (case / "sections" / "images").mkdir(exist_ok=True)
    lines = []
    for name, (make, alt) in pictures.items():
        (case / "sections" / "images" / name).write_bytes(make())
        lines.append(f"![{alt}](images/{name})")
    overview = case / "sections" / "overview.md"
    overview.write_text(overview.read_text() + "\n" + "\n\n".join(lines) + "\n")


def keep_every_image(case: Path, out: Path) -> None:
    findings = json.loads((out / "redaction" / "findings.json").read_text())["findings"]
    (case / "redaction").mkdir(exist_ok=True)
    (case / "redaction" / "decisions.yaml").write_text(yaml.safe_dump({"decisions": [
        {"finding": f["id"], "keep": True, "reason": "a drawing made for the report; it shows no one",
         "decided_by": "Quality Checker (fictional)", "date": "02/11/2026"}
        for f in findings if f["kind"] == "IMAGE"]}))


def data_uris(html: str) -> list[tuple[str, bytes]]:
    return [(kind, base64.b64decode(data)) for kind, data in re.findall(r'data:(image/[\w+]+);base64,([^"\')]+)', html)]


def pdf_streams(path: Path) -> list[tuple[str, bytes]]:
    """(filter, bytes) of every stream, decoded where pikepdf can (DCT pictures stay JPEG files)."""
    found = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                kind = str(obj.get("/Filter", ""))
                found.append((kind, obj.read_raw_bytes() if kind == "/DCTDecode" else obj.read_bytes()))
    return found


def metadata_of(data: bytes) -> dict:
    """What Pillow reads besides the pixels (JFIF's own header is no metadata)."""
    image = Image.open(io.BytesIO(data))
    info = {k: v for k, v in image.info.items() if not k.startswith("jfif")}
    return {**info, **({"exif": dict(image.getexif())} if image.getexif() else {}),
            **({"text": dict(image.text)} if getattr(image, "text", None) else {})}


@pytest.fixture(scope="module")
def published_pictures(tmp_path_factory):
    """The whole flow once: a JPEG, a PNG and an SVG in a Markdown section and a JPEG in a Word section,
    drafted, each kept by the checker, published."""
    root = tmp_path_factory.mktemp("pictures")
    case, build = write_draft_case(root / "case"), root / "build"
    add_pictures(case, PICTURES)
    (case / "sections" / "learning.md").unlink()
    word_section_with_exif(case / "sections" / "learning.docx")
    out = build / "child-w"
    assert main(["draft", str(case), "--build-dir", str(build)]) == 0
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 1
    keep_every_image(case, out)
    assert main(["redaction", str(case), "--build-dir", str(build)]) == 0
    assert main(["publish", str(case), "--build-dir", str(build)]) == 0
    return case, out


@pytest.mark.parametrize("name", [*PICTURES, "Word section"])
def test_the_planted_pictures_carry_the_names(name):
    """Control: the files as the user saved them hold every planted value."""
    data = jpeg_with_exif() if name == "Word section" else PICTURES[name][0]()
    assert all(value.encode() in data for value in PLANTED)
    if name != "places.svg":
        assert metadata_of(data), name


def test_every_picture_reaches_the_public_report(published_pictures):
    _case, out = published_pictures
    html = (out / "public" / "child-w.html").read_text()
    kinds = sorted(kind for kind, _ in data_uris(html))
    assert kinds == ["image/jpeg", "image/jpeg", "image/png", "image/svg+xml"], kinds


@pytest.mark.parametrize("where", ["html bytes", "html pictures", "pdf bytes", "pdf streams", "pdf text",
                                   "redaction media", "internal media"])
def test_no_planted_value_is_published(published_pictures, where):
    _case, out = published_pictures
    html_path, pdf_path = out / "public" / "child-w.html", out / "public" / "child-w.pdf"
    blobs = {
        "html bytes": lambda: [html_path.read_bytes()],
        "html pictures": lambda: [data for _, data in data_uris(html_path.read_text())],
        "pdf bytes": lambda: [pdf_path.read_bytes()],
        "pdf streams": lambda: [data for _, data in pdf_streams(pdf_path)],
        "pdf text": lambda: [" ".join(page.get_textpage().get_text_range()
                                      for page in pypdfium2.PdfDocument(pdf_path)).encode()],
        "redaction media": lambda: [p.read_bytes() for p in (out / "redaction" / "media").rglob("*") if p.is_file()],
        "internal media": lambda: [p.read_bytes() for p in (out / "internal" / "media").rglob("*") if p.is_file()],
    }[where]()
    assert blobs
    for blob in blobs:
        for value in PLANTED:
            assert value.encode().lower() not in blob.lower(), (where, value)


@pytest.mark.parametrize("where", ["html", "pdf"])
def test_published_raster_pictures_hold_pixels_only(published_pictures, where):
    _case, out = published_pictures
    if where == "html":
        rasters = [data for kind, data in data_uris((out / "public" / "child-w.html").read_text()) if "svg" not in kind]
    else:
        rasters = [data for kind, data in pdf_streams(out / "public" / "child-w.pdf") if kind == "/DCTDecode"]
    assert len(rasters) >= 2
    for data in rasters:
        assert metadata_of(data) == {}, metadata_of(data)


def test_a_published_svg_is_drawing_only_and_its_words_are_in_the_alt_text(published_pictures):
    _case, out = published_pictures
    html = (out / "public" / "child-w.html").read_text()
    [svg] = [data.decode() for kind, data in data_uris(html) if kind == "image/svg+xml"]
    assert not re.search(r"<(title|desc|metadata|style|script|foreignObject)\b|<!--|inkscape|font-family", svg)
    assert re.findall(r"<text[^>]*>(.*?)</text>", svg) == ["School ", "Home"]
    assert f'alt="A plan of two buildings (words in the picture: {SHOWN_WORDS})"' in html


# --- each kind of picture, as the draft rebuilds it ----------------------------------------------


def rotated_jpeg() -> bytes:
    """Taller than wide once turned as its EXIF orientation says (6: rotate 90 degrees clockwise)."""
    exif = exif_with_gps()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.new("RGB", (60, 20), (10, 200, 10)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def gif_with_comment() -> bytes:
    out = io.BytesIO()
    Image.new("P", (16, 8), 3).save(out, "GIF", comment=WHOLE.encode())
    return out.getvalue()


def webp_with_exif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 8), (1, 2, 3)).save(out, "WEBP", lossless=True, exif=exif_with_gps(), xmp=XMP.encode())
    return out.getvalue()


REBUILT = [  # (file the user saves, its bytes, the file the draft shows, (width, height))
    ("photo.jpg", jpeg_with_exif, "photo.jpg", (48, 32)),
    ("photo.jpeg", jpeg_with_exif, "photo.jpg", (48, 32)),
    ("chart.png", png_with_text_and_xmp, "chart.png", (40, 20)),
    ("turned.jpg", rotated_jpeg, "turned.jpg", (20, 60)),
    ("icon.gif", gif_with_comment, "icon.png", (16, 8)),
    ("icon.webp", webp_with_exif, "icon.png", (16, 8)),
]


@pytest.mark.parametrize("saved, make, shown, size", REBUILT, ids=[row[0] for row in REBUILT])
def test_the_draft_rebuilds_each_picture_from_its_pixels(tmp_path, capfd, saved, make, shown, size):
    case = write_draft_case(tmp_path / "case")
    add_pictures(case, {saved: (make, "A coloured shape")})
    code, err = run("draft", case, tmp_path / "build", capfd)
    assert code == 0, err
    internal = tmp_path / "build" / "child-w" / "internal"
    assert f"![A coloured shape](media/overview/{shown})" in (internal / "draft-report.md").read_text()
    data = (internal / "media" / "overview" / shown).read_bytes()
    assert metadata_of(data) == {} and Image.open(io.BytesIO(data)).size == size
    assert not any(value.encode() in data for value in PLANTED)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims a huge picture (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("picture, message", [
    (png_claiming(8_000, 6_000), "is 8,000 x 6,000 pixels; a picture is at most 40,000,000 pixels"),
    (png_claiming(12_000, 12_000), "is too large a picture"),
    (png_claiming(100_000, 100_000), "is too large a picture"),
], ids=["48 megapixels", "144 megapixels", "10 gigapixels"])
def test_a_picture_too_large_to_unpack_is_refused_before_it_is_unpacked(tmp_path, capfd, picture, message):
    case = write_draft_case(tmp_path / "case")
    add_pictures(case, {"huge.png": (lambda: picture, "A picture")})
    code, err = run("draft", case, tmp_path / "build", capfd)
    assert code == 2 and f"sections/overview.md, line 8: image 'images/huge.png' {message}" in err, err


@pytest.mark.parametrize("svg, message", [
    (b"<svg><rect width='1' height='1'/></svg>", "is not an SVG picture (its first element is not <svg> in the SVG"),
    ((b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'), "is not an SVG picture lcspr can read"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "is not an SVG picture lcspr can read"),
    (b"GIF89a broken", "is not a picture lcspr can read"),
], ids=["no namespace", "entities", "unfinished", "broken gif"])
def test_a_picture_that_cannot_be_rebuilt_is_bad_input(tmp_path, capfd, svg, message):
    case = write_draft_case(tmp_path / "case")
    add_pictures(case, {"bad.svg" if svg.startswith((b"<", b"<?")) else "bad.gif": (lambda: svg, "A picture")})
    code, err = run("draft", case, tmp_path / "build", capfd)
    assert code == 2 and "sections/overview.md, line 8: image 'images/bad." in err and message in err, err
    assert not (tmp_path / "build").exists()


def test_an_svg_showing_a_register_name_is_held_after_the_checker_keeps_it(tmp_path, capfd):
    """The anonymiser replaces the name in the alt text; the picture would still show it."""
    case, build = write_draft_case(tmp_path / "case"), tmp_path / "build"
    shows_name = (b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
                  b'<text x="5" y="20">Willow Hartnell</text></svg>')
    add_pictures(case, {"name.svg": (lambda: shows_name, "A label")})
    assert run("draft", case, build, capfd)[0] == 0
    assert "(words in the picture: Willow Hartnell)" in (build / "child-w/internal/draft-report.md").read_text()
    assert run("redaction", case, build, capfd)[0] == 1
    keep_every_image(case, build / "child-w")
    code, err = run("redaction", case, build, capfd)
    assert code == 1, err
    assert "sections/overview.md: the picture 'name.svg' shows words the anonymised text changes: Willow Hartnell" in err
    assert not (build / "child-w" / "redaction" / "public-report.md").exists()
    assert not (build / "child-w" / "redaction" / "media").exists()


def test_an_svg_coloured_by_class_rules_keeps_its_colours(tmp_path, capfd):
    """Drawing programs colour shapes with `.st0 { fill: ... }` rules: the colours stay, the rule's text
    (and anything but colours and sizes in it) goes."""
    case = write_draft_case(tmp_path / "case")
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><style>/* Shannon Hartnell */ '
           b'.st0, .st1 { fill: #1D3557; stroke: red } .st2 { content: "\\53 hannon"; fill: Hartnell }</style>'
           b'<rect class="st0" width="10" height="10"/><rect class="st2 st1" style="stroke:none" x="10" '
           b'width="10" height="10"/></svg>')
    add_pictures(case, {"coloured.svg": (lambda: svg, "Two blue squares")})
    code, err = run("draft", case, tmp_path / "build", capfd)
    assert code == 0, err
    cleaned = (tmp_path / "build" / "child-w" / "internal" / "media" / "overview" / "coloured.svg").read_text()
    assert cleaned == ('<svg width="20" height="10" xmlns="http://www.w3.org/2000/svg">'
                       '<rect width="10" height="10" fill="#1D3557" stroke="red" />'
                       '<rect x="10" width="10" height="10" fill="#1D3557" stroke="none" /></svg>')


# --- the rule in general ---------------------------------------------------------------------------

NAMES = st.from_regex(r"[A-Z][a-z]{3,9}qx", fullmatch=True)   # name-like, and never an SVG or CSS keyword


SAVED_AS = [(kind, mode) for kind, modes in {"JPEG": "RGB L CMYK", "PNG": "RGB RGBA L LA P", "WEBP": "RGB RGBA",
                                              "GIF": "P L", "TIFF": "RGB RGBA L P CMYK"}.items()
            for mode in modes.split()]


def metadata_for(kind: str, name: str) -> dict:
    """Pillow's ways of writing metadata into a file of `kind`, each holding `name`."""
    exif = Image.Exif()
    exif[0x013B], exif[0x010E] = name, f"taken at {name} Close"
    xmp = f"<x:xmpmeta><dc:creator>{name}</dc:creator></x:xmpmeta>".encode()
    if kind == "GIF":
        return {"comment": name.encode()}
    if kind == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", name)
        return {"exif": exif, "pnginfo": info, "icc_profile": SRGB}
    return {"exif": exif, "xmp": xmp, **({"comment": name} if kind == "JPEG" else {})}


@settings(max_examples=60, deadline=None)
@given(name=NAMES, saved_as=st.sampled_from(SAVED_AS), size=st.tuples(st.integers(1, 40), st.integers(1, 40)))
def test_a_rebuilt_raster_picture_holds_no_planted_text(name, saved_as, size):
    kind, mode = saved_as
    out = io.BytesIO()
    Image.new(mode, size).save(out, kind, **metadata_for(kind, name))
    assert name.encode() in out.getvalue()   # control: the file as saved holds it
    clean = clean_image(out.getvalue())
    assert name.encode() not in clean.data and metadata_of(clean.data) == {}
    assert Image.open(io.BytesIO(clean.data)).size == size


SVG_PLACES = [  # where a name can hide in an SVG file; each puts `{n}` somewhere
    "<title>{n}</title>", "<desc>{n}</desc>", "<metadata><who>{n}</who></metadata>", "<!-- {n} -->",
    '<text opacity="0">{n}</text>', '<text fill="none">{n}</text>', '<text style="display:none">{n}</text>',
    '<g visibility="hidden"><text>{n}</text></g>', "<defs><text>{n}</text></defs>", '<rect id="{n}"/>',
    '<rect class="{n}"/>', '<rect fill="{n}"/>', '<text font-family="{n}">A</text>', '<rect data-who="{n}"/>',
    '<a href="https://{n}.example.co.uk/"><rect/></a>', '<use href="#{n}"/>', "<script>var a = '{n}'</script>",
    "<style>.a {{ content: '{n}' }}</style>", ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">{n}</p>'
    "</foreignObject>"), '<image href="data:image/png;base64,{n}"/>', '<rect style="fill: url(#{n})"/>',
    '<text><tspan display="none">{n}</tspan>B</text>', "<text>{n}</text>",
]


@settings(max_examples=80, deadline=None)
@given(name=NAMES, places=st.lists(st.sampled_from(SVG_PLACES), min_size=1, max_size=5))
def test_a_rebuilt_svg_shows_a_name_only_where_its_alt_text_says_so(name, places):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           + "".join(place.format(n=name) for place in places) + "</svg>")
    clean = clean_image(svg.encode())
    assert (name.encode() in clean.data) == any(name in words for words in clean.shown_text)
    assert (name.encode() in clean.data) == ("<text>{n}</text>" in places)
