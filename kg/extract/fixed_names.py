"""fixed_names: names the lexicon lists or quotation marks bound — exchanges and boards written bare
(科创板, 北交所) and programmes named by their quoted words (“X”改革, 国家“X计划”).
"""

from __future__ import annotations

from ..model import Document, EntityType
from .hits import Hit
from .lexicon import abbreviation_forms, lexicon
from .text import norm_name
from .words import is_common_word


def named_platforms(doc: Document) -> list[Hit]:
    """Exchanges and boards written bare (科创板, 北交所): national platforms of the lexicon."""
    lex = lexicon()
    text, orig = doc.text, doc.report.text
    return [
        Hit(name=orig[m.start() : m.end()], type=EntityType.PLATFORM, start=m.start(), end=m.end(), rule="named_platform", aliases=tuple(abbreviation_forms(m.group(), lex)))
        for m in lex.named_platforms.finditer(text, 0, doc.clean.content_end)
        if not text.startswith(lex.named_platform_not_followed, m.end())
    ]


def quoted_programmes(doc: Document) -> list[Hit]:
    """“X”改革 / “X”培育推进机制 / 国家“X计划”: a programme named by its quoted words."""
    lex = lexicon()
    text, orig = doc.text, doc.report.text
    hits = []
    for m in lex.quoted_programme.finditer(text, 0, doc.clean.content_end):
        if m.group(2) is not None and lex.boundary.search(m.group(2)):
            continue  # a verb between the quote and the ending: a phrase, not a name
        if is_common_word(text[m.end() - 1 : m.end() + 1]):
            continue  # the ending starts a longer word (…先进制|造)
        name = norm_name(orig[m.start() : m.end()])
        hits.append(Hit(name=name, type=EntityType.PROGRAMME, start=m.start(), end=m.end(), rule="programme.quoted",
                        aliases=(orig[m.start() : m.end()],) if orig[m.start() : m.end()] != name else ()))
    return hits
