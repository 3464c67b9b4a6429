"""text: the normalisation that extraction, evaluation and lookup share — full-width ASCII forms and
odd spaces folded to their half-width twins (one character for one), and names compared without
quotation marks and white space. Below the extraction stages and the evaluator alike; reads no rule
file, so `kg lookup`, which folds names, loads no YAML.
"""

from __future__ import annotations

import re

_QUOTES = re.compile(r"[“”\"‘’'「」『』《》\s]")


def norm_name(name: str) -> str:
    """A name as it is compared: without quotation marks and white space."""
    return _QUOTES.sub("", name)


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
