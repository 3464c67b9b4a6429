"""kg lookup: matching tiers, facts with their sources, ambiguity, bound names, CLI output.

The unit tests run on a small store built from two invented reports (sentences written for
these tests) through the real RDF mapping; the sample tests check gold facts on data/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.clean import clean
from kg.views.lookup import Lookup, lookup
from kg.views.lookup_text import render_text
from kg.graph.name_match import AMBIGUOUS, FOUND, NOT_FOUND, name_key
from kg.model import Bound, Entity, EntityType, Extraction, Mention, Quantity, Relation, Report, ReportMeta, TargetKind
from kg.graph.rdf import extraction_quads
from kg.extract.segment import segment
from kg.graph.store import load_ontology, new_generation, open_store

from .conftest import GOLD, SAMPLE, run_kg

E = EntityType

REPORT_A = """云州区2025年政府工作报告
二、2025年工作安排
（一）实施数字赋能行动。支持云帆科技与北方理工大学共建智能传感研究中心，推动“云帆”入驻光谷产业园。新培育高新技术企业15家以上。
（二）实施园区焕新行动。光谷产业园新建标准化厂房10万平方米，推广5G通信应用，落实“星火”计划和启航}{计划。
"""

REPORT_B = """河源市2025年政府工作报告
二、2025年工作安排
（一）实施数字赋能行动。支持云帆科技建设云帆智造基地。
"""


def _extraction(rid: str, region: str, text: str, entities: list[tuple[str, E, list[str]]],
                relations: list[tuple[str, str, str]], targets: list[tuple[str, float, str, str]]) -> Extraction:
    report = Report(rid, f"{rid}.txt", text, ReportMeta(region=region, level="区", year=2025))
    doc = segment(report, clean(text))
    types = {name: etype for name, etype, _ in entities}
    ents = []
    for name, etype, aliases in entities:
        mentions = [
            Mention(m.start(), m.end(), m.group(), doc.sentence_at(m.start()).index, "test", 0.9)
            for surface in [name, *aliases]
            for m in re.finditer(re.escape(surface), text)
        ]
        ents.append(Entity(name, etype, aliases, mentions, confidence=0.8))
    rels = []
    for subj, pred, obj in relations:
        # The evidence is the span from the first name to the end of the second.
        a = text.index(subj)
        b = text.index(obj, a) + len(obj) if obj in text[a:] else a + len(subj)
        rels.append(Relation(subj, types[subj], pred, obj, types[obj], doc.sentence_at(a).index, a, b, "test-rule", 0.7))
    quantities = []
    for indicator, value, unit, action in targets:
        a = text.index(indicator)
        quantities.append(Quantity(indicator, TargetKind.COUNT, value, unit, Bound.AT_LEAST, value, unit, 2025, action,
                                   doc.sentence_at(a).index, a, a + len(indicator), "test-target", 0.6))
    return Extraction(doc, ents, rels, quantities, [])


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    a = _extraction(
        "云州-2025", "云州区", REPORT_A,
        [
            ("云帆科技", E.ENTERPRISE, ["云帆"]),
            ("北方理工大学", E.UNIVERSITY, []),
            ("智能传感研究中心", E.PLATFORM, []),
            ("光谷产业园", E.PARK, []),
            ("数字赋能行动", E.ACTION, []),
            ("园区焕新行动", E.ACTION, []),
            ("5G通信", E.INDUSTRY, []),
            ("星火计划", E.PROGRAMME, ["“星火”计划"]),
            ("启航}{计划", E.PROGRAMME, []),
        ],
        [
            ("云帆科技", "partnersWith", "北方理工大学"),
            ("云帆科技", "develops", "智能传感研究中心"),
            ("北方理工大学", "develops", "智能传感研究中心"),
            ("云帆科技", "inAction", "数字赋能行动"),
            ("光谷产业园", "inAction", "园区焕新行动"),
        ],
        [("高新技术企业", 15, "家", "数字赋能行动"), ("标准化厂房", 10, "万平方米", "园区焕新行动")],
    )
    b = _extraction(
        "河源-2025", "河源市", REPORT_B,
        [("云帆科技", E.ENTERPRISE, []), ("云帆智造基地", E.PARK, []), ("数字赋能行动", E.ACTION, [])],
        [("云帆科技", "develops", "云帆智造基地"), ("云帆科技", "inAction", "数字赋能行动")],
        [],
    )
    out = tmp_path_factory.mktemp("lookup-store")
    with new_generation(out) as gen:
        load_ontology(gen.store)
        gen.store.extend(extraction_quads(a) + extraction_quads(b))
    return out


def _relations(result: Lookup) -> set[tuple[str, str, str]]:
    assert result.entity is not None
    return {(f.direction, f.predicate, f.other.name) for f in result.entity.relations}


# --- namespaces ------------------------------------------------------------------------------


def test_iri_constants_agree_with_the_namespace_module() -> None:
    from kg.graph.names import PLAN_NS, REPORT_NS
    from kg.graph.namespace import PLAN
    from kg.graph.rdf import report_iri

    assert PLAN_NS == str(PLAN._NS)
    assert report_iri("x") == REPORT_NS + "x"


def test_name_key_folds_width_quotes_case_and_traditional_characters() -> None:
    assert name_key("“星火”计划") == name_key("星火计划")
    assert name_key("５Ｇ通信") == name_key("5g通信")
    assert name_key("雲帆科技") == "云帆科技"


# --- matching --------------------------------------------------------------------------------


def test_exact_name_shows_relations_in_both_directions_with_sources(store_dir: Path) -> None:
    result = lookup("北方理工大学", store_dir)
    assert result.status == FOUND
    assert result.entity and result.entity.types == ("University",)
    assert _relations(result) == {("in", "partnersWith", "云帆科技"), ("out", "develops", "智能传感研究中心")}
    partner = next(f for f in result.entity.relations if f.predicate == "partnersWith")
    (src,) = partner.sources
    assert src.report == "云州-2025" and src.rule == "test-rule" and src.confidence == pytest.approx(0.7)
    assert REPORT_A[src.start : src.end].startswith("云帆科技") and REPORT_A[src.start : src.end].endswith("北方理工大学")
    assert REPORT_A[src.sentence_start : src.sentence_start + len(src.text)] == src.text
    before, hit, after = src.split()
    assert hit == REPORT_A[src.start : src.end] and before + hit + after == src.text


def test_entity_in_two_reports_collects_both(store_dir: Path) -> None:
    result = lookup("云帆科技", store_dir)
    assert result.status == FOUND and result.entity is not None
    assert [r.id for r in result.entity.reports] == ["云州-2025", "河源-2025"]
    assert result.entity.aliases == ["云帆"]
    assert ("out", "develops", "云帆智造基地") in _relations(result)
    assert ("out", "partnersWith", "北方理工大学") in _relations(result)
    # Every mention, with its surface at its span, and the report metadata.
    yunzhou = result.entity.reports[0]
    assert yunzhou.region == "云州区" and yunzhou.year == 2025
    assert {REPORT_A[m.start : m.end] for m in yunzhou.mentions} == {"云帆科技", "云帆"}


def test_alias_substring_fuzzy_width_and_traditional(store_dir: Path) -> None:
    cases = {
        "云帆": ("云帆科技", "alias"),
        "北方理工": ("北方理工大学", "substring"),
        "开展园区焕新行动": ("园区焕新行动", "substring"),
        "北方理工大字": ("北方理工大学", "fuzzy"),
        "５Ｇ通信": ("5G通信", "exact"),
        "雲帆科技": ("云帆科技", "exact"),
        '"星火"计划': ("星火计划", "exact"),
    }
    for query, (name, tier) in cases.items():
        result = lookup(query, store_dir)
        assert result.status == FOUND, query
        assert result.entity is not None and result.entity.name == name, query
        assert result.chosen is not None and result.chosen.match == tier, query


def test_a_name_with_braces_in_the_store_is_just_a_name(store_dir: Path) -> None:
    result = lookup("启航}{计划", store_dir)
    assert result.entity is not None and result.entity.name == "启航}{计划" and result.chosen.match == "exact"
    assert result.entity.reports[0].mentions[0].start == REPORT_A.index("启航}{计划")


def test_same_action_in_two_reports_is_ambiguous_until_a_report_is_given(store_dir: Path) -> None:
    result = lookup("数字赋能行动", store_dir)
    assert result.status == AMBIGUOUS
    assert sorted(c.reports for c in result.candidates) == [("云州-2025",), ("河源-2025",)]
    assert all(c.types == ("Action",) for c in result.candidates)

    picked = lookup("数字赋能行动", store_dir, report="云州-2025")
    assert picked.status == FOUND and picked.entity is not None
    assert _relations(picked) == {("in", "inAction", "云帆科技")}
    (target,) = picked.entity.targets
    assert (target.indicator, target.value, target.unit, target.bound, target.kind) == ("高新技术企业", 15, "家", "at_least", "count")
    assert (target.via, target.horizon, target.achievement) == ("action", 2025, False)
    assert REPORT_A[target.sources[0].start : target.sources[0].end] == "高新技术企业"


def test_a_target_in_a_sentence_that_names_the_entity_is_tied_to_it(store_dir: Path) -> None:
    result = lookup("光谷产业园", store_dir)
    assert result.entity is not None
    assert [(q.indicator, q.via) for q in result.entity.targets] == [("标准化厂房", "sentence")]
    assert lookup("北方理工大学", store_dir).entity.targets == []  # its sentence states no figure


def test_report_filter_limits_the_facts_and_type_filter_the_candidates(store_dir: Path) -> None:
    assert lookup("云帆科技", store_dir, report="河源-2025.txt").entity.reports[0].id == "河源-2025"  # file name
    result = lookup("云帆科技", store_dir, report="河源市")  # a region names its report too
    assert result.entity is not None and [r.id for r in result.entity.reports] == ["河源-2025"]
    assert _relations(result) == {("out", "develops", "云帆智造基地"), ("out", "inAction", "数字赋能行动")}
    park = lookup("云帆", store_dir, type="park")
    assert park.entity is not None and park.entity.name == "云帆智造基地"


def test_no_match_suggests_and_bad_options_are_errors(store_dir: Path) -> None:
    from kg.errors import NotFound, PlankgError

    result = lookup("北方理工学院附属医院", store_dir)
    assert result.status == NOT_FOUND and result.entity is None
    assert "北方理工大学" in [s.name for s in result.suggestions]
    with pytest.raises(PlankgError, match="unknown type"):
        lookup("云帆", store_dir, type="Company")
    for report in ("nowhere", ""):
        with pytest.raises(NotFound, match="no report"):
            lookup("云帆", store_dir, report=report)
    with pytest.raises(PlankgError):
        lookup("  ", store_dir)


class _RecordingStore:
    """Wraps a store and keeps the text of every query sent to it."""

    def __init__(self, store: Any) -> None:
        self.store, self.queries = store, []

    def query(self, query: str, **kwargs: Any) -> Any:
        self.queries.append(query)
        return self.store.query(query, **kwargs)

    def quads_for_pattern(self, *terms: Any) -> Any:  # RDF terms, never text
        return self.store.quads_for_pattern(*terms)


@pytest.mark.parametrize("name", ['"} ; DROP ALL #', '云帆科技" } UNION { ?s ?p ?o', "云帆科技> } #", "星火计划'))"])
def test_names_are_never_query_text(store_dir: Path, name: str) -> None:
    store = _RecordingStore(open_store(store_dir))
    before = len(store.store)
    result = lookup(name, store=store)  # type: ignore[arg-type]
    assert store.queries and all(name not in q and name_key(name) not in q for q in store.queries)
    assert len(store.store) == before
    if name.startswith('"}'):
        assert result.status == NOT_FOUND


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_name_gives_an_answer_or_a_one_line_error(store_dir: Path, name: str) -> None:
    from kg.errors import PlankgError

    try:
        result = lookup(name, store_dir)
    except PlankgError as exc:  # only a name that is empty once quotes and spaces are gone
        assert not name_key(name) and "\n" not in str(exc)
        return
    assert result.status in (FOUND, AMBIGUOUS, NOT_FOUND)
    render_text(result)


# --- text and CLI ----------------------------------------------------------------------------


def test_render_text_lists_facts_and_candidates(store_dir: Path) -> None:
    text = render_text(lookup("云帆科技", store_dir))
    assert "云帆科技  Enterprise" in text and "→ partnersWith  北方理工大学" in text
    assert "支持云帆科技与北方理工大学共建智能传感研究中心" in text  # the source sentence
    ambiguous = render_text(lookup("数字赋能行动", store_dir))
    assert "云州-2025" in ambiguous and "河源-2025" in ambiguous


def test_cli_json_plain_text_and_exit_codes(store_dir: Path) -> None:
    found = run_kg("lookup", "北方理工大学", "--store", str(store_dir), "--format", "json")
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert data["status"] == "found" and data["entity"]["types"] == ["University"]

    piped = run_kg("lookup", "云帆科技", "--store", str(store_dir), "--limit", "1")
    assert piped.returncode == 0 and "\x1b[" not in piped.stdout  # plain when not a terminal
    assert "Relations (5)" in piped.stdout and "… 4 more" in piped.stdout  # --limit caps each listing

    missing = run_kg("lookup", '"} ; DROP ALL #', "--store", str(store_dir))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    bad = run_kg("lookup", "云帆", "--store", str(store_dir), "--type", "Nope")
    assert bad.returncode == 2 and "unknown type" in bad.stderr and "Traceback" not in bad.stderr


# --- the sample, against gold ----------------------------------------------------------------

GOLD_SAMPLE = GOLD / "000_f0b6f9fa8693aedd.gold.json"
_no_gold = pytest.mark.skipif(not GOLD_SAMPLE.is_file(), reason="../shared/gold is not here")


def needs_gold(test: Any) -> Any:
    """Reads ../shared: marked slow (the project's rule) and skipped without it."""
    return pytest.mark.slow(_no_gold(test))


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return json.loads(GOLD_SAMPLE.read_text(encoding="utf-8"))


def _gold_relations(gold: dict[str, Any], name: str) -> list[tuple[str, str, list[str]]]:
    """(direction, predicate, acceptable other names) of every gold relation of ``name``."""
    out = []
    for r in gold["relations"]:
        if r["subject"] == name:
            out.append(("out", r["predicate"], r["object"]))
        if name in r["object"]:
            out.append(("in", r["predicate"], [r["subject"]]))
    return out


def _check_sources(result: Lookup, text: str) -> None:
    """Every fact's source sentence is the report's text at its offset, and the span is in it."""
    assert result.entity is not None
    sources = [s for f in result.entity.relations for s in f.sources] + [
        s for q in result.entity.targets for s in q.sources
    ]
    for s in sources:
        assert s.text and text[s.sentence_start : s.sentence_start + len(s.text)] == s.text
        assert s.sentence_start <= s.start <= s.end <= s.sentence_start + len(s.text)


@needs_gold
@pytest.mark.parametrize("name", ["盛美诺", "江南大学", "多肽产业园", "食品产业", "科技创新赋能行动"])
def test_sample_lookup_shows_gold_relations(sample_store: Path, gold: dict[str, Any], name: str) -> None:
    result = lookup(name, sample_store)
    assert result.status == FOUND and result.entity is not None
    gold_type = next(e["type"] for e in gold["entities"] if e["name"] == name)
    assert gold_type in result.entity.types
    assert any(r.mentions for r in result.entity.reports)
    shown = _relations(result)
    expected = _gold_relations(gold, name)
    if name == "食品产业":  # every gold inIndustry to 食品产业 also allows 绿色食品: need one
        assert any((d, p, o) in shown for d, p, objs in expected for o in objs)
    else:
        missing = [(d, p, objs) for d, p, objs in expected if not any((d, p, o) in shown for o in objs)]
        assert not missing
    _check_sources(result, SAMPLE.read_text(encoding="utf-8"))


@needs_gold
def test_sample_action_lists_its_gold_targets(sample_store: Path, gold: dict[str, Any]) -> None:
    from kg.evaluation.evaluate import similar_indicators
    from kg.extract.units import normalise

    result = lookup("科技创新赋能行动", sample_store)
    assert result.entity is not None
    shown = [(q.indicator, *normalise(q.value, q.unit)) for q in result.entity.targets if not q.achievement]
    wanted = [t for t in gold["targets"] if t.get("action") == "科技创新赋能行动"]

    def shown_as(t: dict[str, Any]) -> bool:
        value, unit = normalise(t["value"], t["unit"])
        return any(similar_indicators(t["indicator"], i) and u == unit and v == pytest.approx(value) for i, v, u in shown)

    found = [t for t in wanted if shown_as(t)]
    assert len(found) >= len(wanted) * 2 / 3, [t["indicator"] for t in wanted if t not in found]


@needs_gold
def test_sample_short_and_full_names_resolve(sample_store: Path) -> None:
    short = lookup("盛美", sample_store)
    assert short.status == FOUND and short.entity is not None and short.entity.name == "盛美诺"
    full = lookup("中国科学院过程工程研究所", sample_store)
    assert full.status == FOUND and full.entity is not None
    assert full.entity.name == "中科院过程工程研究所" and "ResearchInstitute" in full.entity.types


def test_sample_injection_finds_nothing(sample_store: Path) -> None:
    before = len(open_store(sample_store))
    done = run_kg("lookup", '"} ; DROP ALL #', "--store", str(sample_store))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(open_store(sample_store)) == before
