"""Plain data classes passed between the pipeline stages.

Every offset is a character offset into ``Report.text`` (the text as read, before cleaning),
so a fact can always be traced back to the exact characters it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Optional


class EntityType(str, Enum):
    """Entity types of the gold schema (../shared/gold/README.md)."""

    ENTERPRISE = "Enterprise"
    UNIVERSITY = "University"
    RESEARCH_INSTITUTE = "ResearchInstitute"
    PLATFORM = "Platform"
    PARK = "Park"
    INDUSTRY = "Industry"
    ACTION = "Action"
    KEY_TASK = "KeyTask"
    PROGRAMME = "Programme"
    INFRASTRUCTURE = "Infrastructure"
    REGION = "Region"


CORE_TYPES = frozenset(
    {
        EntityType.ENTERPRISE,
        EntityType.UNIVERSITY,
        EntityType.RESEARCH_INSTITUTE,
        EntityType.PLATFORM,
        EntityType.PARK,
        EntityType.INDUSTRY,
        EntityType.ACTION,
    }
)

PREDICATES = ("inIndustry", "partnersWith", "develops", "partOf", "inAction", "locatedIn", "prioritises")


class SectionKind(str, Enum):
    """What a top-level part of a report talks about; decides target vs achievement."""

    PREAMBLE = "preamble"  # title, speaker, 各位代表
    REVIEW = "review"  # 工作回顾: reports the past
    OUTLOOK = "outlook"  # 十五五 / five-year goals
    WORK = "work"  # 工作安排 / 重点工作: this year's commitments
    OTHER = "other"  # 政府自身建设 and the like


@dataclass(frozen=True)
class ReportMeta:
    region: Optional[str] = None
    level: Optional[str] = None  # 省 / 市 / 区县 (as written in the sidecar: 省, 市, 区, 县 …)
    year: Optional[int] = None
    title: Optional[str] = None
    source: Optional[str] = None
    original_name: Optional[str] = None  # the file name a gold file refers to


@dataclass(frozen=True)
class Report:
    """A report as read from disk."""

    id: str  # stable slug, from the file name
    path: str
    text: str
    meta: ReportMeta


@dataclass(frozen=True)
class CleanText:
    """``text`` has the same length as the original; web chrome is blanked with spaces and
    full-width ASCII forms are folded to half-width, one character for one, so every offset
    in the clean text is also an offset in the original."""

    original: str
    text: str
    content_end: int  # where the report ends (a site footer starts), for the record


@dataclass(frozen=True)
class Heading:
    start: int
    end: int
    text: str  # title without its numbering marker
    level: int  # 1 = 一、 ; 2 = （一）; 3 = 1. ; 0 = an unnumbered heading line
    number: Optional[int]  # the enumeration number, if any


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # surface text from the original report
    paragraph: int


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    section: SectionKind
    key_task: Optional[int]  # index into Document.key_tasks
    heading: Optional[Heading] = None  # set when the paragraph opens with a heading


@dataclass(frozen=True)
class Document:
    """A segmented report: the clean text and its structure."""

    report: Report
    clean: CleanText
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    key_tasks: tuple[Heading, ...]

    @property
    def text(self) -> str:
        return self.clean.text

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that contains ``offset`` (or the last one that starts before it)."""
        i = max(bisect_right(self._sentence_starts, offset) - 1, 0)
        return self.sentences[i]


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity name in the text."""

    start: int
    end: int
    surface: str  # == Report.text[start:end]
    sentence: int
    rule: str
    confidence: float
    evidence: tuple[str, ...] = ()  # the features a learned decision weighed


@dataclass
class Entity:
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 1.0
    broader: Optional[str] = None  # for industries: the name of the broader industry
    resolution: tuple[str, ...] = ()  # why resolution renamed or merged it (kg.resolve), per report
    node_name: Optional[str] = None  # the name its node is keyed by when not its own (中科院X所 → 中国科学院X所)

    @property
    def key(self) -> tuple[str, str]:
        return (self.type.value, self.name)


@dataclass(frozen=True)
class Relation:
    subject: str
    subject_type: EntityType
    predicate: str
    object: str
    object_type: EntityType
    sentence: int
    start: int  # span of the evidence in the text (usually the clause that states it)
    end: int
    rule: str
    confidence: float


class Bound(str, Enum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    APPROX = "approx"


class TargetKind(str, Enum):
    GROWTH = "growth"
    LEVEL = "level"
    COUNT = "count"
    RANK = "rank"
    RANK_CHANGE = "rank_change"


@dataclass(frozen=True)
class Quantity:
    """A target (a commitment) or an achievement (a reported figure): same shape."""

    indicator: str
    kind: TargetKind
    value: float
    unit: str  # as written: %, 亿元, 万m2, 家 …
    bound: Bound
    normalised_value: float  # value scaled into base_unit (330 亿元 → 3.3e10 元)
    base_unit: str
    horizon: Optional[int]
    action: Optional[str]
    sentence: int
    start: int  # span of the figure and its indicator in the text
    end: int
    rule: str
    confidence: float
    is_achievement: bool = False
    period_start: Optional[int] = None  # a result over several years (a five-year plan's): its first year


@dataclass
class Extraction:
    """Everything extracted from one report."""

    document: Document
    entities: list[Entity]
    relations: list[Relation]
    targets: list[Quantity]
    achievements: list[Quantity]

    @property
    def report(self) -> Report:
        return self.document.report
