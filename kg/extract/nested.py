"""nested: names written inside other names, read after the guards have settled every mention.

- An industry written inside a park's or platform's name (X人工智能产业园, 国家农业领域人工智能应用
  中试基地, 东南汽车城) is an industry the report names: the taxonomy word becomes an Industry
  mention of its own, so the park or platform can be placed in it (relate.named_fields).
- A project list (推进A电池三期、B通信芯片等项目): each item is a project the report names, an
  Infrastructure mention; the firm written at its head develops it (relate.cooperation).
"""

from __future__ import annotations

from ..model import Document, EntityType
from .boundaries import clause_start
from .hits import Hit
from .lexicon import lexicon
from .text import norm_name

_HOSTS = (EntityType.PARK, EntityType.PLATFORM)


def industries_in_names(doc: Document, hits: list[Hit]) -> list[Hit]:
    """The taxonomy industry written inside each park's or platform's name (the longest, when
    several overlap), as an Industry mention at its place in the text (also when the name is
    written with quotation marks: 国家“X+”Y中试基地). Classes of industries (现代服务业), a word
    that is the whole name and a word that with 中心 names the facility (X大数据中心) are not taken."""
    lex = lexicon()
    out: list[Hit] = []
    for h in hits:
        if h.type not in _HOSTS:
            continue
        found = [
            m for m in lex.industry_terms.finditer(h.name)
            if m.group() != h.name and m.group() not in lex.industry_categories and not h.name.startswith("中心", m.end())
        ]
        if not found:
            continue
        m = max(found, key=lambda m: len(m.group()))
        start = doc.text.find(m.group(), h.start, h.end)
        if start < 0:
            continue
        out.append(Hit(name=m.group(), type=EntityType.INDUSTRY, start=start, end=start + len(m.group()),
                       rule="industry.in_name", broader=lex.industry_broader.get(m.group())))
    return out


def listed_projects(doc: Document, hits: list[Hit]) -> list[Hit]:
    """Items of a project list whose head is a firm the report names (a mention starting where
    the item starts and ending before it does): each item is a project, an Infrastructure
    mention (推进A电池三期、B通信芯片等项目 → A电池三期, B通信芯片)."""
    text, orig = doc.text, doc.report.text
    firms = {h.start: h for h in hits if h.type is EntityType.ENTERPRISE}
    taken = {(h.start, h.end) for h in hits}
    out: list[Hit] = []
    for tail in lexicon().project_list.finditer(text, 0, doc.clean.content_end):
        end = tail.start()
        while True:
            start = clause_start(text, end)  # the item starts after the 、 or clause mark before it
            firm = firms.get(start) or _after_verb(firms, start, end)
            if firm is not None and firm.end < end - 1 and (firm.start, end) not in taken:
                out.append(Hit(name=norm_name(orig[firm.start:end]), type=EntityType.INFRASTRUCTURE,
                               start=firm.start, end=end, rule="project.listed"))
            if start == 0 or text[start - 1] != "、":
                break
            end = start - 1
    return sorted(out, key=lambda h: h.start)


def _after_verb(firms: dict[int, Hit], start: int, end: int) -> Hit | None:
    """The first item of a list opens after the verb that governs it (加快推进A…): the firm that
    starts nearest after the clause start, within the first few characters."""
    for s in range(start + 1, min(start + 7, end)):
        if s in firms:
            return firms[s]
    return None
