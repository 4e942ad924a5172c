"""Agency colours: light fills under dark text for tables, dark marks on white for the timeline.

Both sets meet WCAG 2.2 AA: at least 4.5:1 for text on a fill, and the timeline's marks at
least 4.5:1 against white (more than the 3:1 that graphics need). Tests check the ratios.
"""
from __future__ import annotations

TEXT = "1A1A1A"
FILLS = ("DCEBFA", "FDE2C8", "D9F2D0", "F6D5E5", "E8DDF5", "FFF2B3", "D4EFEF", "EADBC8", "E2E2E2", "F9D6D2",
         "DDE8C4", "FFE0EC")
MARKS = ("1F5A96", "A34A12", "2E7031", "A1306B", "5E3C99", "6E5A00", "00696B", "6D4C2F", "4D4D4D", "B0322A",
         "4F6B1A", "8A2D5C")


def fill(index: int) -> str:
    return FILLS[index % len(FILLS)]


def mark(index: int) -> str:
    return MARKS[index % len(MARKS)]


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an RRGGBB colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
