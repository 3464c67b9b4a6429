"""clean: drop web chrome and fold character widths, keeping every offset.

The clean text has exactly the length of the original: removed lines are blanked with spaces
(newlines kept) and each full-width ASCII form becomes its half-width twin, one character for
one. So an offset found in the clean text is the same offset in the original, and a surface
form is always ``original[start:end]``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import CleanText
from .rules import rule_file
from .text import normalise_width


@lru_cache(maxsize=1)
def _chrome_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a whole line that is navigation chrome, a line where the site footer starts)."""
    data = rule_file("chrome.yaml")
    line = re.compile("|".join(f"(?:{p})" for p in data["chrome_lines"]))
    footer = re.compile("|".join(re.escape(m) for m in data["footer_markers"]))
    return line, footer


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


# Runs longer than any report's (in the 27 provincial reports clauses are at most 142 characters
# long and sentences 638) are cut by a line break. No report's text changes, and the extractors'
# scans back to the start of a clause or sentence stay bounded: linear time on any line.
MAX_CLAUSE = 400
MAX_SENTENCE = 2000
_LONG_CLAUSE = re.compile(rf"[^，,；;：:。！!？?\n]{{{MAX_CLAUSE + 1},}}")
_LONG_SENTENCE = re.compile(rf"[^。！!？?\n]{{{MAX_SENTENCE + 1},}}")


def _cut_runs(text: str, long_run: re.Pattern[str], limit: int, soft: str) -> str:
    """A line break in every run longer than ``limit``, at a ``soft`` character near its end when
    there is one, else replacing the character at the limit."""
    cuts = []
    for m in long_run.finditer(text):
        pos = m.start()
        while m.end() - pos > limit:
            window_end = pos + limit
            soft_at = max(text.rfind(c, window_end - limit // 4, window_end) for c in soft)
            cut = soft_at if soft_at > pos else window_end
            cuts.append(cut)
            pos = cut + 1
    if not cuts:
        return text
    chars = list(text)
    for cut in cuts:
        chars[cut] = "\n"
    return "".join(chars)


def _footer_start(text: str, footer: re.Pattern[str]) -> int:
    """Where the site footer starts: the first footer marker after the report's first sentence,
    so that 网站地图 in a navigation bar above the report cuts nothing."""
    first_sentence = text.find("。")
    if first_sentence < 0:
        return len(text)
    m = footer.search(text, first_sentence)
    return m.start() if m else len(text)


def clean(text: str) -> CleanText:
    """Blank navigation lines and everything from the site footer on; fold widths; a lone CR
    ends a line as CRLF does; over-long runs without punctuation are cut into lines."""
    chrome_line, footer = _chrome_rules()
    folded = re.sub(r"\r(?!\n)", "\n", normalise_width(text))
    folded = _cut_runs(_cut_runs(folded, _LONG_CLAUSE, MAX_CLAUSE, " "), _LONG_SENTENCE, MAX_SENTENCE, "，,；;：: ")
    content_end = _footer_start(folded, footer)
    if content_end < len(text):
        # The footer marker may follow the report's last sentence on the same line.
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
