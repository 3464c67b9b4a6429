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
from .width import normalise_width


@lru_cache(maxsize=1)
def _chrome_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a whole line that is navigation chrome, a line where the site footer starts)."""
    data = rule_file("chrome.yaml")
    line = re.compile("|".join(f"(?:{p})" for p in data["chrome_lines"]))
    footer = re.compile("|".join(re.escape(m) for m in data["footer_markers"]))
    return line, footer


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
