"""width: fold full-width ASCII forms and odd spaces to their half-width twins, one character for
one. A module of its own so that `kg lookup`, which folds names, need not load the cleaning rules
(YAML) that kg/clean.py reads."""

from __future__ import annotations


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
