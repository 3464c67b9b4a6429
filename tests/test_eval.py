"""kg/evaluation/evaluate.py scoring rules, on hand-made gold and predictions; and the headline numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluation.evaluate import score_entities, score_relations

GOLD = {
    "entities": [
        {"name": "锦纶坊", "type": "Enterprise"},
        {"name": "中科院沙地生态研究所", "type": "ResearchInstitute", "aliases": ["中国科学院沙地生态研究所"]},
        {"name": "纺织产业", "type": "Industry"},
        {"name": "智造赋能行动", "type": "Action", "aliases": ["“智造赋能”行动"]},
        {"name": "东岭区", "type": "Region"},
    ],
    "relations": [
        {"subject": "锦纶坊", "predicate": "inIndustry", "object": ["纺织产业"]},
        {"subject": "锦纶坊", "predicate": "partnersWith", "object": ["中科院沙地生态研究所"]},
    ],
}


def _pred(entities, relations=()):
    return {
        "entities": [{"name": n, "type": t} for n, t in entities],
        "relations": [{"subject": s, "predicate": p, "object": o} for s, p, o in relations],
    }


def test_aliases_quotes_and_industry_suffix_match():
    typed, _ = score_entities(
        GOLD,
        _pred([("中国科学院沙地生态研究所", "ResearchInstitute"), ("纺织", "Industry"), ("“智造赋能”行动", "Action")]),
    )
    assert (typed.tp, typed.n_pred, typed.n_gold) == (3, 3, 4)


def test_wrong_type_and_duplicates_are_false_hits_and_non_core_is_ignored():
    typed, untyped = score_entities(
        GOLD, _pred([("锦纶坊", "Platform"), ("纺织产业", "Industry"), ("纺织", "Industry"), ("东岭区", "Region")])
    )
    assert typed.tp == 1 and typed.n_pred == 3
    assert untyped.tp == 2


def test_partners_are_symmetric_and_unjudged_predicates_are_skipped():
    score = score_relations(
        GOLD,
        _pred(
            [],
            [
                ("中国科学院沙地生态研究所", "partnersWith", "锦纶坊"),
                ("锦纶坊", "inIndustry", "纺织"),
                ("锦纶坊", "develops", "某园"),
            ],
        ),
    )
    assert (score.tp, score.n_pred, score.n_gold) == (2, 2, 2)


SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="../shared gold is not available")
def test_headline_numbers():
    from kg.evaluation.evaluate import Score, evaluate

    sample = evaluate([str(SHARED / "000_f0b6f9fa8693aedd.gold.json")]).micro
    assert sample["entities_typed"].f1 >= 0.95
    assert sample["relations"].f1 >= 0.90
    provinces = evaluate([str(SHARED / "安徽省-2026.gold.json"), str(SHARED / "江苏省-2026.gold.json")]).micro
    assert isinstance(provinces["entities_typed"], Score)
    assert provinces["entities_typed"].f1 >= 0.75
    assert provinces["relations"].f1 >= 0.60


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="../shared gold is not available")
def test_sample_food_industry_firms():
    import json

    from kg.evaluation.evaluate import default_search_dirs, find_report_for
    from kg.extract.pipeline import extract

    gp = SHARED / "000_f0b6f9fa8693aedd.gold.json"
    gold = json.loads(gp.read_text(encoding="utf-8"))
    ex = extract(find_report_for(gp, gold["document"], default_search_dirs(gp)))
    ents = {e.name: e for e in ex.entities}
    food = {n for n, e in ents.items() if e.type.value == "Industry" and "食品" in n}
    direct = {r.subject for r in ex.relations if r.predicate == "inIndustry" and r.object in food and r.subject_type.value == "Enterprise"}
    parks = {r.subject for r in ex.relations if r.predicate == "inIndustry" and r.object in food and r.subject_type.value == "Park"}
    via_park = {r.subject for r in ex.relations if r.predicate == "develops" and r.object in parks}
    # the acceptance criterion of the issue, stated by the issue itself
    assert direct == {"马培德", "吉源食品", "德兰和创", "今麦郎", "虹源饲料", "苏太太"}
    assert via_park == {"家家悦"}
    broader = {e.name: e.broader for e in ex.entities if e.type.value == "Industry"}
    assert any(b and "食品" in b for n, b in broader.items() if "绿色食品" in n)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared gold is not available")
def test_the_blind_part_is_fixed_and_never_a_file_the_rules_were_written_against():
    from kg.evaluation.evaluate import TUNED_ON, blind_files

    every = sorted([*SHARED.glob("*.gold.json"), *SHARED.glob("districts/*.gold.json")])
    blind = blind_files(every)
    assert len([p for p in blind if p.parent.name == "districts"]) == 5
    assert len([p for p in blind if p.parent.name != "districts"]) == 2
    assert not {p.name for p in blind} & set(TUNED_ON)
    assert blind_files(reversed(every)) == blind, "the rule does not depend on the order of the files"


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="../shared gold is not available")
def test_eval_never_shows_what_a_blind_file_misses():
    from kg.evaluation.evaluate import blind_names

    from .conftest import run_kg

    blind = sorted(blind_names())
    assert blind, "../shared/gold has a blind part"
    hidden = next(SHARED.rglob(blind[0]))
    result = run_kg("eval", str(hidden), str(SHARED / "000_f0b6f9fa8693aedd.gold.json"), "--detail")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(blind[0])]
    assert any("detail withheld" in line for line in lines)
    assert not [line for line in lines if "\tmiss\t" in line or "\tfalse\t" in line]
