"""actions: the actions, programmes and projects scope.find_actions finds (…行动 / …工程 / …攻坚
without the launch verb), and the key tasks: the numbered headings of the work part.
"""

from __future__ import annotations

import re

from ..model import Document, EntityType
from .hits import Hit
from .action_names import find_actions
from .text import norm_name


def actions(doc: Document) -> list[Hit]:
    hits = []
    for f in find_actions(doc):
        etype = EntityType(f.kind)
        rule = {EntityType.ACTION: f.rule, EntityType.PROGRAMME: "programme.plan"}.get(etype, "infrastructure.project")
        if etype is EntityType.INFRASTRUCTURE:
            # A、B工程 / A和B工程: the ending belongs to the last project only
            cut = max(doc.text.rfind(c, f.start, f.end) for c in "、和") + 1
            if cut > f.start:
                hits.append(Hit(name=norm_name(doc.report.text[cut : f.end]), type=etype, start=cut, end=f.end, rule=rule))
                continue
        hits.append(Hit(name=f.name, type=etype, start=f.start, end=f.end, rule=rule, aliases=f.aliases))
    return hits


def key_tasks(doc: Document) -> list[Hit]:
    hits = []
    for h in doc.key_tasks:
        name = norm_name(doc.report.text[h.start : h.end]).lstrip("一二三四五六七八九十、()（）.0123456789")
        name = h.text if not name else name
        short = re.split(r"[,，]", name)[0]
        hits.append(
            Hit(
                name=name,
                type=EntityType.KEY_TASK,
                start=h.end - len(h.text),
                end=h.end,
                rule="key_task",
                aliases=(short,) if short != name else (),
            )
        )
    return hits
