"""clean: drop web chrome and fold character widths, keeping every offset.

The clean text has exactly the length of the original: removed lines are blanked with spaces
(newlines kept) and each full-width ASCII form becomes its half-width twin, one character for
one. So an offset found in the clean text is the same offset in the original, and a surface
form is always ``original[start:end]``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .model import CleanText
from .rules import rule_file


@lru_cache(maxsize=1)
def _chrome_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a whole line that is navigation chrome, a line where the site footer starts)."""
    data = rule_file("chrome.yaml")
    line = re.compile("|".join(f"(?:{p})" for p in data["chrome_lines"]))
    footer = re.compile("|".join(re.escape(m) for m in data["footer_markers"]))
    return line, footer


def _fold_width(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII forms
        return chr(code - 0xFEE0)
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff":
        return " "
    return ch


_WIDTH_TABLE = {c: _fold_width(chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000, 0xA0, 0x2002, 0x2003, 0x2009, 0x200B, 0xFEFF)}


def normalise_width(text: str) -> str:
    """Full-width ASCII → half-width and odd spaces → ' ', length preserved."""
    return text.translate(_WIDTH_TABLE)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def clean(text: str) -> CleanText:
    """Blank navigation lines and everything from the site footer on; fold widths."""
    chrome_line, footer = _chrome_rules()
    folded = normalise_width(text)
    m = footer.search(folded)
    content_end = len(text)
    if m:
        # The footer marker may follow the report's last sentence on the same line.
        content_end = m.start()
        folded = folded[:content_end] + _blank(folded[content_end:])
    out: list[str] = []
    for line in folded[:content_end].splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and chrome_line.fullmatch(body.strip()):
            out.append(_blank(body) + line[len(body) :])
        else:
            out.append(line)
    cleaned = "".join(out) + folded[content_end:]
    assert len(cleaned) == len(text)
    return CleanText(original=text, text=cleaned, content_end=content_end)
