"""Resolution (kg/resolve.py): one node per real thing across reports, on toy reports written
for these tests, and on the 27-province build when ../shared is here."""

from __future__ import annotations

from pathlib import Path

from kg.graph.rdf import entity_iri
from kg.model import Entity, EntityType, Extraction, Mention, Relation, Report, ReportMeta
from kg.resolve import BuildNames, resolve
from kg.extract.segment import segment

from .conftest import CORPUS, needs_shared, run_kg


def _extraction(region: str, *named: tuple[str, EntityType], relations: tuple[Relation, ...] = ()) -> Extraction:
    text = "二、2030年工作安排\n\n一、壮大实体经济\n\n" + "，".join(n for n, _ in named) + "。\n"
    doc = segment(Report(id=f"{region}-2030", path="t.txt", text=text, meta=ReportMeta(region=region)))
    entities = []
    for name, etype in named:
        start = text.index(name)
        m = Mention(start=start, end=start + len(name), surface=name, sentence=doc.sentence_at(start).index, rule="suffix", confidence=0.9)
        entities.append(Entity(name=name, type=etype, mentions=[m]))
    return Extraction(document=doc, entities=entities, relations=list(relations), targets=[], achievements=[])


def _node(ex: Extraction, name: str) -> tuple[str, str]:
    [e] = [e for e in ex.entities if e.name == name or name in e.aliases]
    return e.name, entity_iri(e.type, e.node_name or e.name, ex.report.id)


def test_a_generic_designation_is_qualified_by_the_region_of_its_report():
    a = resolve(_extraction("东岭省", ("自贸试验区", EntityType.PARK), ("高新区", EntityType.PARK)))
    b = resolve(_extraction("西岭省", ("自贸试验区", EntityType.PARK)))
    assert _node(a, "自贸试验区")[0] == "中国（东岭）自由贸易试验区"
    assert _node(a, "高新区")[0] == "东岭高新技术产业开发区"
    assert _node(a, "自贸试验区")[1] != _node(b, "自贸试验区")[1]
    [e] = [e for e in a.entities if e.name == "中国（东岭）自由贸易试验区"]
    assert "自贸试验区" in e.aliases and any(w.startswith("designation:") for w in e.resolution)


def test_short_and_full_forms_are_one_node_each_report_keeping_its_label():
    a = resolve(_extraction("东岭省", ("西岭自贸港", EntityType.PARK)))
    b = resolve(_extraction("北岭省", ("西岭自由贸易港", EntityType.PARK)))
    (name_a, iri_a), (name_b, iri_b) = _node(a, "西岭自贸港"), _node(b, "西岭自由贸易港")
    assert iri_a == iri_b and (name_a, name_b) == ("西岭自贸港", "西岭自由贸易港")


def test_an_institute_typed_as_a_university_becomes_an_institute():
    ex = resolve(_extraction("东岭省", ("东岭农业科学院", EntityType.UNIVERSITY)))
    assert [(e.name, e.type) for e in ex.entities if e.name == "东岭农业科学院"] == [("东岭农业科学院", EntityType.RESEARCH_INSTITUTE)]


def test_a_longer_firm_name_joins_the_short_name_the_build_knows_and_relations_follow():
    rel = Relation(subject="晴岚芯能科技股份有限公司", subject_type=EntityType.ENTERPRISE, predicate="inIndustry", object="储能",
                   object_type=EntityType.INDUSTRY, sentence=0, start=0, end=1, rule="test", confidence=0.8)
    long = _extraction("东岭省", ("晴岚芯能科技股份有限公司", EntityType.ENTERPRISE), ("储能", EntityType.INDUSTRY), relations=(rel,))
    short = _extraction("西岭省", ("晴岚芯能", EntityType.ENTERPRISE))
    names = BuildNames.of([long, short])
    resolved = resolve(long, names)
    assert _node(resolved, "晴岚芯能科技股份有限公司")[0] == "晴岚芯能"
    assert [(r.subject, r.object) for r in resolved.relations] == [("晴岚芯能", "储能")]
    # alone, nothing to join
    assert _node(resolve(long), "晴岚芯能科技股份有限公司")[0] == "晴岚芯能科技股份有限公司"


def test_a_short_name_that_is_a_dictionary_word_absorbs_nothing():
    long = _extraction("东岭省", ("中国晴岚集团", EntityType.ENTERPRISE))
    names = BuildNames.of([long, _extraction("西岭省", ("中国", EntityType.ENTERPRISE))])
    assert _node(resolve(long, names), "中国晴岚集团")[0] == "中国晴岚集团"


def test_a_region_without_its_ending_joins_the_one_suffixed_form_the_build_names():
    bare = _extraction("东岭省", ("晴川", EntityType.REGION))
    names = BuildNames.of([bare, _extraction("西岭省", ("晴川市", EntityType.REGION))])
    assert _node(resolve(bare, names), "晴川")[0] == "晴川市"
    both = BuildNames.of([bare, _extraction("西岭省", ("晴川市", EntityType.REGION), ("晴川县", EntityType.REGION))])
    assert _node(resolve(bare, both), "晴川")[0] == "晴川"  # two candidates: left alone


@needs_shared
def test_on_the_provinces_no_generic_zone_is_shared_and_lookup_explains(tmp_path: Path) -> None:
    out = tmp_path / "p27"
    done = run_kg("build", str(CORPUS), "--store", str(out))
    assert done.returncode == 0, done.stderr
    q = run_kg("query", "--store", str(out), "--format", "csv", """
        PREFIX plan: <https://w3id.org/plankg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?e (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?r { ?r plan:mentions ?e . ?e skos:prefLabel ?l } 
          FILTER (REGEX(?l, "^(国家级|省级)?(自贸试验区|自由贸易试验区|高新区|综保区|经开区|高新技术产业开发区|综合保税区|经济技术开发区)$")) }
        GROUP BY ?e""")
    assert q.returncode == 0 and q.stdout.strip().splitlines()[1:] == []  # no bare designation left at all
    explained = run_kg("lookup", "海南自贸港", "--store", str(out), "--explain")
    assert explained.returncode == 0 and "equivalence: " in explained.stdout
    assert "海南自由贸易港" in run_kg("lookup", "海南自由贸易港", "--store", str(out)).stdout
    inst = run_kg("lookup", "中国科学院", "--store", str(out), "--type", "ResearchInstitute")
    assert inst.returncode == 0, inst.stdout
    prioritising = run_kg("query", "regions-prioritising", "--param", "industry=低空经济", "--store", str(out), "--format", "csv")
    regions = {line.split(",")[1] for line in prioritising.stdout.strip().splitlines()[1:]}
    naming = {f.stem.rsplit("-", 1)[0] for f in CORPUS.glob("*.txt") if "低空经济" in f.read_text(encoding="utf-8")}
    assert regions == naming  # every province that names it (each does so in its work or outlook)
    related = run_kg("related", "新能源", "--store", str(out), "--format", "json")
    assert '"Region"' in related.stdout and '"Industry"' in related.stdout


def test_every_command_that_takes_a_name_resolves_it_the_same_way(sample_store: Path, tmp_path: Path) -> None:
    """lookup, graph --around, path, related and a named query's name parameter: one matcher
    (a partial name, a traditional spelling, an unknown name)."""
    store = str(sample_store)
    for name in ("盛美", "盛美諾"):  # partial; traditional 諾
        assert run_kg("lookup", name, "--store", store).stdout.startswith("盛美诺")
        drawn = run_kg("graph", "--around", name, "--store", store, "--out", str(tmp_path / "a.html"))
        assert drawn.returncode == 0, drawn.stderr
        assert run_kg("path", name, "多肽产业园", "--store", store).returncode == 0
        assert run_kg("related", name, "--store", store).returncode == 0
    partners = run_kg("query", "partner-institutions", "--param", "institution=中科院过程", "--store", store, "--format", "csv")
    assert partners.returncode == 0 and "中科院过程工程研究所" in partners.stdout
    for command in (("lookup", "不存在的名字"), ("graph", "--around", "不存在的名字", "--out", str(tmp_path / "b.html")),
                    ("path", "不存在的名字", "盛美诺"), ("related", "不存在的名字"),
                    ("query", "regions-prioritising", "--param", "industry=不存在的名字")):
        done = run_kg(*command, "--store", store)
        assert done.returncode == 1 and len(done.stdout.strip().splitlines() + done.stderr.strip().splitlines()) <= 2, command
        assert "不存在的名字" in done.stdout + done.stderr
