"""resolve: one node per real thing across the reports of a build — after extraction, before RDF.

Every entity gets a canonical (type, name) from:
- its **type by evidence**: a name ending like an institute is a ResearchInstitute (中国科学院);
- **equivalences** of short and full forms (自贸港 = 自由贸易港, 中科院 = 中国科学院), as data;
- a **generic designation** written without a place (自贸试验区, 高新区) qualified by the report's
  region (中国（安徽）自由贸易试验区): it names a different zone in every region;
- the build's other names: a firm's longer name joins the short name another report gives it
  (晴岚芯能科技股份有限公司 → 晴岚芯能), and a region written without its ending joins the
  one suffixed form the build knows (淮北 → 淮北市).
A short and a full form only key the node (``Entity.node_name``): each report's graph keeps the
form it writes as the label. Each merge keeps every written form as an alias and records why
(``Entity.resolution``), so `kg lookup --explain` can say which rule joined what, in which report. Relations and targets
follow the renamed entities. The words are data: resources/resolution.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Optional

from .extract.regions import short_form
from .extract.rules import rule_file
from .extract.words import is_common_word, place_words
from .model import Entity, EntityType, Extraction, Quantity


@dataclass(frozen=True)
class ResolutionRules:
    equivalences: tuple[tuple[str, str], ...]  # (short, full), longest short form first
    designations: dict[str, str]  # generic full form → template with {region}
    levels: tuple[str, ...]
    institute_endings: tuple[str, ...]
    legal_forms: tuple[str, ...]
    min_short_name: int


@lru_cache(maxsize=1)
def resolution_rules() -> ResolutionRules:
    data = rule_file("resolution.yaml")
    return ResolutionRules(
        equivalences=tuple(sorted(data["equivalences"].items(), key=lambda kv: -len(kv[0]))),
        designations=dict(data["generic_designations"]),
        levels=tuple(data["designation_levels"]),
        institute_endings=tuple(data["institute_endings"]),
        legal_forms=tuple(sorted(data["legal_forms"], key=len, reverse=True)),
        min_short_name=int(data["min_short_name"]),
    )


@dataclass
class BuildNames:
    """What the whole build names, for joins across reports: firms' names and regions' names."""

    firms: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    # bare form → the suffixed regions with that bare form, made once (not per region entity)
    _by_bare: Optional[dict[str, set[str]]] = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, extractions: Iterable[Extraction]) -> "BuildNames":
        names = cls()
        for ex in extractions:
            names.add(ex)
        return names

    def add(self, extraction: Extraction) -> None:
        for e in extraction.entities:
            if e.type is EntityType.ENTERPRISE:
                self.firms.add(e.name)
            elif e.type is EntityType.REGION:
                self.regions.add(e.name)
        self._by_bare = None

    def update(self, other: "BuildNames") -> None:
        self.firms |= other.firms
        self.regions |= other.regions
        self._by_bare = None

    def with_ending(self, bare: str) -> set[str]:
        """The regions of the build written with an ending whose bare form is ``bare``."""
        if self._by_bare is None:
            self._by_bare = {}
            for r in self.regions:
                if short_form(r) != r:
                    self._by_bare.setdefault(short_form(r), set()).add(r)
        return self._by_bare.get(bare, set())


def canonical_form(name: str, rules: ResolutionRules) -> tuple[str, Optional[str]]:
    """The name with every short form written as its full form, and which forms changed."""
    out, changed = name, []
    for short, full in rules.equivalences:
        if short in out and full not in out:
            out = out.replace(short, full)
            changed.append(f"{short} = {full}")
    return out, "; ".join(changed) or None


def _designation(name: str, rules: ResolutionRules) -> Optional[str]:
    bare = next((name[len(level):] for level in rules.levels if name.startswith(level)), name)
    return bare if bare in rules.designations else None


def _firm_core(name: str, rules: ResolutionRules) -> str:
    core = next((name[: -len(f)] for f in rules.legal_forms if name.endswith(f)), name)
    for n in (3, 2):
        if len(core) - n >= 2 and core[:n] in place_words():
            return core[n:]
    return core


def _short_firm(name: str, firms: set[str], rules: ResolutionRules) -> Optional[str]:
    """The shortest other firm name of the build this one's core opens with (晴岚芯能 for
    晴岚芯能科技股份有限公司, for 东岭晴岚芯能 too)."""
    core = _firm_core(name, rules)
    shorter = [f for f in firms if f != name and len(f) < len(name) and core.startswith(f)
               and len(f) >= rules.min_short_name and not (len(f) == 2 and is_common_word(f))]
    return min(shorter, key=len) if shorter else None


def _region_with_ending(name: str, names: BuildNames) -> Optional[str]:
    """The one suffixed region of the build whose bare form this name is (淮北 → 淮北市)."""
    if short_form(name) != name:
        return None
    suffixed = names.with_ending(name)
    return next(iter(suffixed)) if len(suffixed) == 1 else None


def canonical(entity: Entity, region: Optional[str], names: BuildNames, rules: ResolutionRules) -> tuple[EntityType, str, str, list[str]]:
    """An entity's canonical type, the name it is shown by, the name its node is keyed by, and
    the reasons for each change. A short and a full form (中科院 / 中国科学院) only key the node:
    each report keeps showing the form it writes."""
    etype, name, why = entity.type, entity.name, []
    if etype is EntityType.UNIVERSITY and name.endswith(rules.institute_endings):
        etype = EntityType.RESEARCH_INSTITUTE
        why.append(f"type: an institute's ending makes {name} a ResearchInstitute")
    full, changed = canonical_form(name, rules)
    designation = _designation(full, rules)
    if designation and region and etype in (EntityType.PARK, EntityType.PLATFORM):
        qualified = rules.designations[designation].format(region=short_form(region))
        why.append(f"designation: {name} in a report of {region} is {qualified}")
        name = full = qualified
    elif changed and etype is not EntityType.REGION:
        why.append(f"equivalence: {name} is {full} ({changed})")
    else:
        full = name
    if etype is EntityType.ENTERPRISE:
        short = _short_firm(name, names.firms, rules)
        if short:
            why.append(f"short name: {name} opens with {short}, a firm the build names")
            name = full = short
    if etype is EntityType.REGION:
        suffixed = _region_with_ending(name, names)
        if suffixed:
            why.append(f"region: {name} is {suffixed}, the one such region the build names")
            name = full = suffixed
    return etype, name, full, why


def resolve(extraction: Extraction, names: Optional[BuildNames] = None) -> Extraction:
    """The extraction with every entity under its canonical type and name (entities that
    become one node are merged), and the relations and targets following them."""
    rules = resolution_rules()
    names = names or BuildNames.of([extraction])
    report = extraction.document.report
    region = report.meta.region
    renamed: dict[tuple[str, str], tuple[EntityType, str]] = {}
    merged: dict[tuple[str, str], Entity] = {}
    for e in extraction.entities:
        etype, name, node_name, why = canonical(e, region, names, rules)
        key = (etype.value, node_name)
        into = merged.get(key)
        renamed[e.key] = (etype, into.name if into else name)
        notes = tuple(f"{w} (in {report.id})" for w in why)
        if into is None:
            aliases = [a for a in (*e.aliases, e.name) if a != name]
            merged[key] = replace(e, type=etype, name=name, aliases=list(dict.fromkeys(aliases)), resolution=notes,
                                  node_name=node_name if node_name != name else None)
            continue
        into.aliases = list(dict.fromkeys(a for a in (*into.aliases, *e.aliases, e.name) if a != into.name))
        into.mentions = sorted([*into.mentions, *e.mentions], key=lambda m: m.start)
        into.confidence = max(into.confidence, e.confidence)
        into.resolution = (*into.resolution, *notes)

    def to(etype: EntityType, name: str) -> tuple[EntityType, str]:
        return renamed.get((etype.value, name), (etype, name))

    relations = []
    for r in extraction.relations:
        st, s = to(r.subject_type, r.subject)
        ot, o = to(r.object_type, r.object)
        if (st, s) != (ot, o):
            relations.append(replace(r, subject=s, subject_type=st, object=o, object_type=ot))

    def action(q: Quantity) -> Quantity:
        return replace(q, action=to(EntityType.ACTION, q.action)[1]) if q.action else q

    return replace(extraction, entities=list(merged.values()), relations=list(dict.fromkeys(relations)),
                   targets=[action(q) for q in extraction.targets], achievements=[action(q) for q in extraction.achievements])
