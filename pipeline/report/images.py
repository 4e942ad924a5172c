"""Pictures cleaned down to what they show, before anyone can publish them.

A picture file carries more than its pixels: a camera writes the author's name and a GPS
position into EXIF, editors add XMP and PNG text chunks, colour profiles have names, and an
SVG can hold a <title>, <desc>, <metadata>, comments or text drawn invisibly. A checker who
looks at a picture sees none of that. So every picture is rebuilt:

- a raster picture (PNG, JPEG, GIF, WebP, BMP, TIFF) from its pixels alone, turned upright
  and into sRGB first so it looks as it did; saved with no metadata at all;
- an SVG from an allow-list of drawing elements and attributes, every word in an attribute
  value a known SVG or CSS keyword, ids renumbered; the text it still shows is returned so
  the draft puts it into the Markdown (the image's alt text), where the register and the
  detectors read it like any other text.
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree
from PIL import Image, ImageCms, ImageColor, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 20_000_000
MAX_PIXELS = 40_000_000          # a 40-megapixel camera; a report's picture is far smaller
RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF")
JPEG_QUALITY = 92
PLAIN_MODES = ("RGB", "RGBA", "L", "LA")
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "SVG": ".svg"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
DRAWING = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
           "textPath", "defs", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern",
           "marker", "symbol", "use"}
UNWRAPPED = {"a": "g", "switch": "g"}          # containers whose drawing is kept, without their link or choice
TEXT = {"text", "tspan", "textPath"}
UNSHOWN = {"defs", "clipPath", "mask", "pattern", "marker", "symbol"}   # drawn only through a reference
GEOMETRY = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width", "height",
            "d", "points", "transform", "viewBox", "preserveAspectRatio", "dx", "dy", "rotate", "textLength",
            "lengthAdjust", "offset", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
            "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits",
            "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient", "pathLength", "startOffset"}
PRESENTATION = {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
                "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity",
                "stop-color", "stop-opacity", "clip-path", "clip-rule", "mask", "marker-start", "marker-mid",
                "marker-end", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
                "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing", "text-decoration",
                "visibility", "display", "color", "vector-effect", "shape-rendering", "paint-order"}
KEYWORDS = {
    # values of the attributes above, units, functions and path commands: nothing else may be a word
    "none", "inherit", "currentcolor", "transparent", "normal", "bold", "bolder", "lighter", "italic", "oblique",
    "start", "middle", "end", "butt", "round", "square", "miter", "bevel", "arcs", "nonzero", "evenodd", "hidden",
    "visible", "collapse", "inline", "block", "auto", "baseline", "central", "hanging", "mathematical", "sub",
    "super", "underline", "overline", "line", "through", "non", "scaling", "stroke", "fill", "markers",
    "crispedges", "geometricprecision", "optimizespeed", "userspaceonuse", "objectboundingbox", "strokewidth",
    "pad", "reflect", "repeat", "spacing", "spacingandglyphs", "reverse", "text", "before", "after", "edge",
    "ideographic", "alphabetic", "top", "bottom", "xminymin", "xmidymin", "xmaxymin", "xminymid", "xmidymid",
    "xmaxymid", "xminymax", "xmidymax", "xmaxymax", "meet", "slice", "px", "pt", "pc", "em", "ex", "rem", "mm",
    "cm", "in", "deg", "rad", "grad", "turn", "rgb", "rgba", "hsl", "hsla", "url", "matrix", "translate", "scale",
    "rotate", "skewx", "skewy", "e", *"mlhvcsqtaz", *ImageColor.colormap}
WORD = re.compile(r"[^\W\d_]+")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b")
CLASS_RULE = re.compile(r"((?:\.[\w-]+\s*,?\s*)+)\{([^}]*)\}")
REFERENCE = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
LONG_VALUES = {"d", "points", "transform", "gradientTransform", "patternTransform", "stroke-dasharray"}
MAX_VALUE_CHARS = 200


class ImageError(ValueError):
    """The file is no picture lcspr can clean; the message says why, for the user."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    suffix: str               # the suffix its file must have: .png, .jpg or .svg
    shown_text: tuple[str, ...] = ()   # the words an SVG draws (a raster picture's are for a person's eyes)


def clean_image(data: bytes) -> CleanImage:
    """The picture rebuilt from what it shows, with nothing else in the file."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"is {len(data):,} bytes; a picture is at most {MAX_IMAGE_BYTES:,}")
    if is_svg(data):
        return clean_svg(data)
    return clean_raster(data)


def is_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg", b"<!--")) and b"<svg" in data[:65536].lower()


# --- raster pictures -----------------------------------------------------------------------------


def clean_raster(data: bytes) -> CleanImage:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)   # said below, in our words
            with Image.open(io.BytesIO(data), formats=RASTER_FORMATS) as image:
                kind = image.format
                if image.width * image.height > MAX_PIXELS:
                    raise ImageError(f"is {image.width:,} x {image.height:,} pixels; a picture is at most "
                                     f"{MAX_PIXELS:,} pixels")
                image.seek(0)
                pixels = plain_mode(in_srgb(ImageOps.exif_transpose(image)))
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"is too large a picture ({exc})") from None
    except UnidentifiedImageError:
        raise ImageError("is not a picture lcspr can read; use PNG, JPEG or SVG") from None
    except (OSError, ValueError, SyntaxError, EOFError, TypeError, KeyError, IndexError) as exc:
        raise ImageError(f"is not a picture lcspr can read ({exc}); use PNG, JPEG or SVG") from None
    bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())   # pixels only: no info, no profile
    out = io.BytesIO()
    if kind == "JPEG" and bare.mode in ("RGB", "L"):
        bare.save(out, "JPEG", quality=JPEG_QUALITY)
        return CleanImage(out.getvalue(), SUFFIXES["JPEG"])
    bare.save(out, "PNG")
    return CleanImage(out.getvalue(), SUFFIXES["PNG"])


def in_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the picture's own profile to sRGB, so dropping the profile changes nothing
    a reader sees; a profile that cannot be read is dropped as it is."""
    profile = image.info.get("icc_profile")
    if not profile:
        return image
    alpha = "A" in image.getbands()
    try:
        return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                         ImageCms.createProfile("sRGB"), outputMode="RGBA" if alpha else "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def plain_mode(image: Image.Image) -> Image.Image:
    if image.mode in PLAIN_MODES:
        return image
    transparent = "A" in image.getbands() or "transparency" in image.info
    return image.convert("RGBA" if transparent else "RGB")


# --- SVG -----------------------------------------------------------------------------------------


def clean_svg(data: bytes) -> CleanImage:
    try:
        root = defusedxml.ElementTree.fromstring(data)
    except (ElementTree.ParseError, defusedxml.DefusedXmlException, ValueError) as exc:
        raise ImageError(f"is not an SVG picture lcspr can read ({exc})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageError("is not an SVG picture (its first element is not <svg> in the SVG namespace)")
    order = dict.fromkeys(e.get("id") for e in root.iter() if e.get("id"))
    ids = {old: f"i{n}" for n, old in enumerate(order, 1)}
    shown: list[str] = []
    clean = rebuild(root, Vocabulary(ids, class_rules(root)), shown, {}, hidden=False)
    clean.set("xmlns", SVG_NS)
    svg = ElementTree.tostring(clean, encoding="unicode")
    return CleanImage(svg.encode("utf-8"), SUFFIXES["SVG"], tuple(dict.fromkeys(shown)))


@dataclass(frozen=True)
class Vocabulary:
    """What an element's attributes may refer to: ids renumbered (an id can be a name:
    'willow-hartnell-photo'), and the declarations of the picture's class rules."""

    ids: dict[str, str]
    classes: dict[str, str]


def class_rules(root: ElementTree.Element) -> dict[str, str]:
    """class name -> its declarations, from `.name { ... }` rules in <style> (how many drawing programs
    colour shapes); other rules are not read."""
    rules: dict[str, str] = {}
    for style in root.iter(f"{{{SVG_NS}}}style"):
        css = re.sub(r"/\*.*?\*/", "", "".join(style.itertext()), flags=re.DOTALL)
        for selectors, body in CLASS_RULE.findall(css):
            for name in re.findall(r"\.([\w-]+)", selectors):
                rules[name] = f"{rules.get(name, '')};{body}"
    return rules


def rebuild(node: ElementTree.Element, vocabulary: Vocabulary, shown: list[str], inherited: dict[str, str],
            hidden: bool) -> ElementTree.Element | None:
    """The drawing part of `node`, or None; the words of each <text> kept are added to `shown`."""
    name = local_name(node)
    if name is None or (name not in DRAWING and name not in UNWRAPPED):
        return None
    attributes = drawing_attributes(node, vocabulary)
    style = {**inherited, **{k: v for k, v in attributes.items() if k in PRESENTATION}}
    hidden = hidden or name in UNSHOWN or is_invisible(style)
    if name in TEXT and hidden:
        return None
    clean = ElementTree.Element(UNWRAPPED.get(name, name), attributes)
    clean.text = node.text if name in TEXT else None
    for child in node:
        kept = rebuild(child, vocabulary, shown, style, hidden)
        if kept is not None:
            clean.append(kept)
        if name in TEXT and child.tail:   # the text after a <tspan> belongs to its parent
            if len(clean):
                clean[-1].tail = (clean[-1].tail or "") + child.tail
            else:
                clean.text = (clean.text or "") + child.tail
    if name == "text":
        words = " ".join("".join(clean.itertext()).split())
        if words:
            shown.append(words)
    return clean


def local_name(node: ElementTree.Element) -> str | None:
    """The element's name if it is in the SVG namespace (comments, processing instructions and other
    vocabularies such as Inkscape's have none here)."""
    if not isinstance(node.tag, str) or not node.tag.startswith(f"{{{SVG_NS}}}"):
        return None
    return node.tag.split("}", 1)[1]


def drawing_attributes(node: ElementTree.Element, vocabulary: Vocabulary) -> dict[str, str]:
    """Geometry and presentation attributes (its class rules' and style attribute's declarations among
    them) whose values are numbers, keywords and references only; ids renumbered, references to them too."""
    declared = dict(node.attrib)
    ids = vocabulary.ids
    rules = [vocabulary.classes.get(name, "") for name in declared.pop("class", "").split()]
    for declaration in ";".join([*rules, declared.pop("style", "")]).split(";"):
        prop, _, value = declaration.partition(":")
        if prop.strip() and value.strip():
            declared[prop.strip()] = value.strip()   # a class rule outranks the attribute, a style both
    kept: dict[str, str] = {}
    for key, value in declared.items():
        if key == "id" and ids.get(value):
            kept["id"] = ids.get(value)
        elif key in ("href", XLINK_HREF) and value.startswith("#") and ids.get(value[1:]):
            kept["href"] = f"#{ids.get(value[1:])}"
        elif key in GEOMETRY or key in PRESENTATION:
            value = renumbered(value, ids)
            if value is not None and is_drawing_value(key, value):
                kept[key] = value
    return kept


def renumbered(value: str, ids: dict[str, str]) -> str | None:
    """`url(#old)` -> `url(#iN)`; None when it points at anything but an element of this picture."""
    if "url" in value.lower() and not REFERENCE.search(value):
        return None
    missing = [ref for ref in REFERENCE.findall(value) if ids.get(ref) is None]
    if missing:
        return None
    return REFERENCE.sub(lambda m: f"url(#{ids.get(m.group(1))})", value)


def is_drawing_value(key: str, value: str) -> bool:
    """Numbers, units, colours and SVG keywords only: free text could carry a name."""
    if len(value) > MAX_VALUE_CHARS and key not in LONG_VALUES:
        return False
    bare = HEX_COLOUR.sub("", REFERENCE.sub("", value))
    return all(word.casefold() in KEYWORDS for word in WORD.findall(bare))


def is_invisible(style: dict[str, str]) -> bool:
    """Text drawn so that no one sees it: not displayed, hidden, fully transparent, of no size, or
    neither filled nor stroked. (Text kept despite all this is still put in the alt text.)"""
    def number(key: str, default: float) -> float:
        try:
            return float(re.sub(r"[a-z%]+$", "", style.get(key, "").strip().lower()) or default)
        except ValueError:
            return default

    unpainted = {"none", "transparent"}
    no_fill = style.get("fill", "").strip().lower() in unpainted or number("fill-opacity", 1) <= 0
    no_stroke = style.get("stroke", "none").strip().lower() in unpainted or number("stroke-opacity", 1) <= 0
    return (style.get("display", "").strip().lower() == "none"
            or style.get("visibility", "").strip().lower() in ("hidden", "collapse")
            or number("opacity", 1) <= 0 or number("font-size", 1) <= 0 or (no_fill and no_stroke))
