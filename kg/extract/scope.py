"""scope: which action each offset of a report's text is in.

The actions are action_names' step; scope groups the text under them:
a paragraph (or a block of it opened by a short lead such as 更大力度提振消费。) whose
lead sentence launches an action belongs to that action, and any action named later in it is a
sub-action; elsewhere an action named in a sentence scopes the rest of that sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

from ..model import Document, Sentence
from .action_names import CLOSE_QUOTES, ActionRules, FoundAction, action_rules, find_actions

_COMMA_LIKE = re.compile(r"[，,；;：:]")


@dataclass(frozen=True)
class ActionRef:
    name: str
    start: int
    end: int
    paragraph: int
    parent: Optional[str]
    aliases: tuple[str, ...] = ()  # other written forms: quoted, with 新一轮 / 等 …
    rule: str = "action.verb"


def _is_short_lead(s: Sentence, rules: ActionRules) -> bool:
    body = s.text.strip()
    return len(body) <= rules.short_lead_max and not _COMMA_LIKE.search(body) and not re.search(r"\d", body)


def _launches(s: Sentence, found: list[FoundAction], rules: ActionRules) -> list[int]:
    """Indices (into ``found``) of the actions a sentence does nothing but launch
    (开展X行动。 / 实施A、B行动。), else []."""
    lo = bisect_right([f.start for f in found], s.start - 1)
    named = [i for i in range(lo, len(found)) if found[i].start < s.end]
    if not named or found[named[0]].start - s.start > rules.lead_verb_window:
        return []
    tail = s.text[found[named[-1]].end - s.start :].strip()
    if _COMMA_LIKE.search(s.text) or tail.strip(CLOSE_QUOTES + "。!?"):
        return []
    return named


def _paragraph_blocks(
    sentences: list[Sentence], found: list[FoundAction], rules: ActionRules
) -> list[tuple[list[Sentence], list[int]]]:
    """One paragraph's body as blocks, each with the actions its first sentence launches.

    A paragraph whose lead (or the sentence after a short lead such as 提高投资效益。) launches
    an action is one block: the action's paragraph. Otherwise a short lead or a launching
    sentence opens a new block (reports that write a whole key task as one paragraph)."""
    for k, s in enumerate(sentences[:2]):
        launches = _launches(s, found, rules)
        if launches:
            return [(sentences, launches)]
        if not _is_short_lead(s, rules):
            break
    blocks: list[tuple[list[Sentence], list[int]]] = []
    current: list[Sentence] = []
    launched: list[int] = []
    for s in sentences:
        launches = _launches(s, found, rules)
        if current and (launches or _is_short_lead(s, rules)):
            blocks.append((current, launched))
            current = []
        if not current:
            launched = launches
        current.append(s)
    if current:
        blocks.append((current, launched))
    return blocks


def _blocks(doc: Document, found: list[FoundAction], rules: ActionRules) -> list[tuple[list[Sentence], list[int]]]:
    """The blocks of every paragraph; a key-task heading is in no block."""
    key_task_starts = {h.start for h in doc.key_tasks}
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in doc.sentences:
        if s.start not in key_task_starts:
            by_paragraph.setdefault(s.paragraph, []).append(s)
    return [b for sentences in by_paragraph.values() for b in _paragraph_blocks(sentences, found, rules)]


class ActionScopes:
    """The actions of a report and the stretch of text each one governs."""

    def __init__(self, actions: list[ActionRef], spans: list[tuple[int, int, ActionRef]]):
        self.actions = actions
        self._spans = sorted(spans, key=lambda t: t[0])
        self._starts = [s for s, _, _ in self._spans]

    def action_at(self, offset: int) -> Optional[ActionRef]:
        """The action whose paragraph (or sentence) contains ``offset``, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0:
            start, end, ref = self._spans[i]
            if start <= offset < end:
                return ref
        return None


def action_scopes(doc: Document) -> ActionScopes:
    """Find the report's actions and the scope of each (see the module docstring)."""
    rules = action_rules()
    found = [f for f in find_actions(doc) if f.kind == "Action"]
    starts = [f.start for f in found]
    refs: dict[int, ActionRef] = {}  # by index into found
    spans: list[tuple[int, int, ActionRef]] = []
    in_block: set[int] = set()

    def ref(i: int, parent: Optional[str]) -> ActionRef:
        f = found[i]
        r = ActionRef(
            name=f.name,
            start=f.start,
            end=f.end,
            paragraph=doc.sentence_at(f.start).paragraph,
            parent=parent,
            aliases=f.aliases,
            rule=f.rule,
        )
        refs[i] = r
        return r

    for block, launched in _blocks(doc, found, rules):
        if not launched:
            continue
        b_start, b_end = block[0].start, block[-1].end
        head = ref(launched[0], None)
        spans.append((b_start, b_end, head))
        for i in range(bisect_right(starts, b_start - 1), bisect_right(starts, b_end - 1)):
            in_block.add(i)
            if i != launched[0]:
                # Actions launched together in the lead sentence are siblings, not sub-actions.
                ref(i, None if i in launched else head.name)

    for i, f in enumerate(found):
        if i in in_block:
            continue
        r = ref(i, None)
        sentence = doc.sentence_at(f.start)
        nxt = found[i + 1].start if i + 1 < len(found) else sentence.end
        spans.append((f.start, min(nxt, sentence.end), r))
    return ActionScopes([refs[i] for i in sorted(refs)], spans)


def action_at(doc: Document, offset: int) -> Optional[ActionRef]:
    """The action governing ``offset`` (computes the scopes; reuse action_scopes for many)."""
    return action_scopes(doc).action_at(offset)
