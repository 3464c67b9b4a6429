"""segment: clean text → headings, sections, key tasks, paragraphs and sentences.

How these reports are laid out (provincial, city and district alike):
- top-level parts are numbered 一、二、三、 (or are short unnumbered lines, as in some provinces)
  and say what they are: 工作回顾 (review), 十五五 goals (outlook), 2026年重点工作 / 工作安排 (work);
- inside the work part, the key tasks are the next numbered headings: （一）… in provincial
  reports, or a restarted 一、二、 in district fragments;
- a numbered heading may carry its body on the same line after its first 。.
The keywords that classify a part live in resources/sections.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import cn2an

from .clean import clean
from ..model import (
    CleanText,
    Document,
    Heading,
    Paragraph,
    Report,
    SectionKind,
    Sentence,
)
from .quantity_rules import quantity_rules
from .rules import rule_file

_CN_DIGITS = "一二三四五六七八九十"
_NUMBERED = (
    (1, re.compile(rf"^([{_CN_DIGITS}]{{1,3}})、")),
    (2, re.compile(rf"^\(([{_CN_DIGITS}]{{1,3}})\)")),
    (3, re.compile(r"^(\d{1,2})[.、](?!\d)")),
)
_SENTENCE_END = re.compile(r"[。!?](?:[”’」』)\]]*)")
_UNNUMBERED_MAX = 40


@dataclass(frozen=True)
class _SectionRules:
    kinds: tuple[tuple[Optional[SectionKind], re.Pattern[str]], ...]
    work_announcement: re.Pattern[str]
    outlook_opener: re.Pattern[str]


@lru_cache(maxsize=1)
def _section_rules() -> _SectionRules:
    data = rule_file("sections.yaml")
    kinds = tuple(
        (
            None if rule["kind"] == "none" else SectionKind(rule["kind"]),
            re.compile("|".join(f"(?:{p})" for p in rule["patterns"])),
        )
        for rule in data["section_keywords"]
    )
    return _SectionRules(
        kinds=kinds,
        work_announcement=re.compile("|".join(data["work_announcements"])),
        outlook_opener=re.compile(data["outlook_opener"]),
    )


def opens_coming_plan(paragraph: str, year: Optional[int]) -> bool:
    """The paragraph opens the five-year plan that starts in the report's year or later (我们编制了
    “十五五”规划纲要（草案）…): in a review part, the outlook begins here."""
    m = _section_rules().outlook_opener.search(paragraph)
    if not m or year is None:
        return False
    number = _cn_number("十" + (m.group(1) or m.group(2)))
    return number is not None and quantity_rules().plan_start(number) >= year


def classify_section(title: str) -> Optional[SectionKind]:
    """The kind of a top-level part from its heading, or None if the heading does not say.

    The first kind in sections.yaml whose pattern matches wins (work before outlook, since
    '“十五五”时期目标任务和2026年工作安排' announces this year's work).
    """
    for kind, pattern in _section_rules().kinds:
        if pattern.search(title):
            return kind
    return None


def _cn_number(s: str) -> Optional[int]:
    if s.isdigit():
        return int(s)
    try:
        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError):
        return None


def parse_heading(line: str, start: int) -> Optional[Heading]:
    """A heading at the start of a paragraph (``line`` is clean text, trimmed), or None.

    Numbered headings end at their first 。 (the rest of the line is body text); an
    unnumbered heading is a short line with no sentence punctuation.
    """
    for level, pattern in _NUMBERED:
        m = pattern.match(line)
        if not m:
            continue
        number = _cn_number(m.group(1))
        body_start = m.end()
        stop = _SENTENCE_END.search(line, body_start)
        title_end = stop.start() if stop else len(line)
        title = line[body_start:title_end].strip()
        if not title:
            return None
        return Heading(start=start, end=start + title_end, text=title, level=level, number=number)
    if (
        len(line) <= _UNNUMBERED_MAX
        and not re.search(r"[。!?:;,、]", line)
        and not line.startswith(("—", "-"))
        and re.search(r"[\u4e00-\u9fff]{4}", line)
    ):
        return Heading(start=start, end=start + len(line), text=line, level=0, number=None)
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding white space."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        spans.append((m.start() + lead, m.start() + lead + len(stripped)))
    return spans


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], split after 。!? (and any closing quote)."""
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() > pos:
            spans.append((pos, m.end()))
        pos = m.end()
        while pos < end and text[pos] == " ":
            pos += 1
    if pos < end and text[pos:end].strip():
        spans.append((pos, end))
    return spans


_UNWRITTEN = -1  # the heading level of a part a fragment does not write out


def segment(report: Report, cleaned: Optional[CleanText] = None) -> Document:
    """Structure of one report: sections, key tasks, paragraphs and sentences with offsets."""
    ct = cleaned or clean(report.text)
    text = ct.text
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    key_tasks: list[Heading] = []

    section = SectionKind.PREAMBLE
    section_level: Optional[int] = None  # heading level of the top-level parts
    section_number: Optional[int] = None
    key_task_level: Optional[int] = None
    key_task: Optional[int] = None

    for start, end in _lines(text):
        heading = parse_heading(text[start:end], start)
        if heading is not None:
            kind = classify_section(heading.text)
            if kind is None and section_level is None and heading.level == 1 and heading.number == 1:
                # Every report opens with its review, unless the lines before announce this
                # year's work (a fragment: …主要预期目标是:… 做好以下十个方面的工作:).
                before = text[paragraphs[-1].start : paragraphs[-1].end] if paragraphs else ""
                if _section_rules().work_announcement.search(before):
                    # its 一、二、… are this year's key tasks, under a work heading left unwritten
                    section, section_level = SectionKind.WORK, _UNWRITTEN
                else:
                    kind = SectionKind.REVIEW
            top_level = section_level is None or heading.level == section_level
            continues_numbering = (
                top_level
                and heading.number is not None
                and section_number is not None
                and heading.number == section_number + 1
            )
            # A district fragment restarts 一、二、 under its 二、工作安排: those are key tasks.
            restarts_in_work = section is SectionKind.WORK and heading.level == key_task_level
            if (kind is not None and top_level or continues_numbering) and not restarts_in_work:
                section = kind or SectionKind.OTHER
                section_level, section_number = heading.level, heading.number
                key_task_level = key_task = None
            elif section is SectionKind.WORK and heading.level != 0:
                if key_task_level is None:
                    key_task_level = heading.level
                if heading.level == key_task_level:
                    key_tasks.append(heading)
                    key_task = len(key_tasks) - 1
        elif section is SectionKind.REVIEW and opens_coming_plan(text[start:end], report.meta.year):
            section = SectionKind.OUTLOOK  # the part goes on with the coming plan's goals
        index = len(paragraphs)
        paragraphs.append(
            Paragraph(index=index, start=start, end=end, section=section, key_task=key_task, heading=heading)
        )
        body_start = start
        if heading is not None:
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=heading.start,
                    end=heading.end,
                    text=report.text[heading.start : heading.end],
                    paragraph=index,
                )
            )
            body_start = heading.end
            while body_start < end and text[body_start] in "。 ":
                body_start += 1
        for s, e in split_sentences(text, body_start, end):
            sentences.append(
                Sentence(index=len(sentences), start=s, end=e, text=report.text[s:e], paragraph=index)
            )
    return Document(
        report=report,
        clean=ct,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        key_tasks=tuple(key_tasks),
    )
