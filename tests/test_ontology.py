"""ontology/plan.ttl: it parses, every term is labelled and defined, the namespace module matches
it, and an OWL-RL closure over it and the sample's graph is consistent."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from kg.graph.namespace import (
    BOUND_INDIVIDUAL,
    DATA,
    KIND_INDIVIDUAL,
    ONTOLOGY_IRI,
    ONTOLOGY_VERSION,
    PLAN,
    PREDICATE_PROPERTY,
    TYPE_CLASS,
)
from kg.graph.store import ontology_dir

from .conftest import SAMPLE

NS = str(PLAN._NS)
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "plan.ttl", format="turtle")


def _own_terms(onto: rdflib.Graph) -> set[URIRef]:
    return {s for t in DECLARATIONS for s in onto.subjects(RDF.type, t) if str(s).startswith(NS)}


def test_ontology_has_an_iri_a_version_iri_and_a_version(onto: rdflib.Graph) -> None:
    ontology = URIRef(ONTOLOGY_IRI)
    assert (ontology, RDF.type, OWL.Ontology) in onto
    assert onto.value(ontology, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}")
    assert str(onto.value(ontology, OWL.versionInfo)) == ONTOLOGY_VERSION


def test_namespace_module_and_plan_ttl_define_the_same_terms(onto: rdflib.Graph) -> None:
    in_code = {URIRef(NS + name) for name in PLAN.__annotations__}
    in_ttl = _own_terms(onto)
    assert in_code - in_ttl == set(), "in kg/graph/namespace.py but not declared in plan.ttl"
    assert in_ttl - in_code == set(), "declared in plan.ttl but missing from kg/graph/namespace.py"
    # and nothing in plan.ttl uses a plan: term it does not declare
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used <= in_ttl


def test_a_misspelt_term_fails_at_once() -> None:
    with pytest.raises(AttributeError):
        PLAN.Enterprize  # noqa: B018


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_term_has_a_label_in_chinese_and_english(onto: rdflib.Graph, lang: str) -> None:
    unlabelled = [
        t for t in _own_terms(onto) if not any(getattr(v, "language", None) == lang for v in onto.objects(t, RDFS.label))
    ]
    assert unlabelled == []


def test_every_term_has_a_definition(onto: rdflib.Graph) -> None:
    undefined = [t for t in _own_terms(onto) if not any(str(d).strip() for d in onto.objects(t, SKOS.definition))]
    assert undefined == []


def test_the_mapping_tables_point_at_terms_of_the_right_kind(onto: rdflib.Graph) -> None:
    for cls in TYPE_CLASS.values():
        assert (cls, RDF.type, OWL.Class) in onto
        assert (cls, RDFS.subClassOf, PLAN.NamedEntity) in onto or (cls, RDFS.subClassOf, PLAN.Organisation) in onto \
            or (cls, RDFS.subClassOf, PLAN.Project) in onto
    for prop in PREDICATE_PROPERTY.values():
        assert (prop, RDF.type, OWL.ObjectProperty) in onto
    for individual in BOUND_INDIVIDUAL.values():
        assert (individual, RDF.type, PLAN.Bound) in onto
    for individual in KIND_INDIVIDUAL.values():
        assert (individual, RDF.type, PLAN.QuantityKind) in onto


def test_organisation_subclasses_and_relation_characteristics(onto: rdflib.Graph) -> None:
    for sub in (PLAN.Enterprise, PLAN.University, PLAN.ResearchInstitute, PLAN.GovernmentBody):
        assert (sub, RDFS.subClassOf, PLAN.Organisation) in onto
    assert (PLAN.partnersWith, RDF.type, OWL.SymmetricProperty) in onto
    assert (PLAN.Industry, RDFS.subClassOf, SKOS.Concept) in onto
    assert (URIRef(f"{DATA}industry-scheme"), RDF.type, SKOS.ConceptScheme) in onto


def test_standard_vocabularies_are_reused(onto: rdflib.Graph) -> None:
    links = {o for _, p, o in onto if p in (RDFS.subClassOf, RDFS.subPropertyOf)}
    expected = {
        URIRef("http://www.w3.org/ns/org#Organization"),
        URIRef("http://www.w3.org/ns/org#Site"),
        URIRef("https://schema.org/Corporation"),
        URIRef("https://schema.org/CollegeOrUniversity"),
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
        URIRef("http://purl.org/net/p-plan#Step"),
        URIRef("http://purl.org/net/p-plan#Plan"),
        URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
        URIRef("http://www.w3.org/ns/oa#TextPositionSelector"),
        URIRef("http://www.w3.org/ns/oa#start"),
        URIRef("http://qudt.org/schema/qudt/unit"),
    }
    assert expected <= links
    assert onto.value(PLAN.horizon, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#gYear")


# --- OWL-RL ------------------------------------------------------------------------------------


def _owlrl_errors(graph: rdflib.Graph) -> list[str]:
    import owlrl
    from owlrl.Namespaces import ERRNS

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return [str(graph.value(e, ERRNS.error)) for e in graph.subjects(RDF.type, ERRNS.ErrorMessage)]


@pytest.fixture(scope="module")
def sample_graph() -> rdflib.Graph:
    from kg.extract.pipeline import extract
    from kg.graph.rdf import extraction_quads
    from kg.graph.validate import to_rdflib

    return to_rdflib(extraction_quads(extract(SAMPLE)))


def test_owl_rl_closure_of_ontology_and_sample_is_consistent(onto: rdflib.Graph, sample_graph: rdflib.Graph) -> None:
    assert len(set(sample_graph.subjects(RDF.type, PLAN.Target))) > 0, "the sample should yield targets"
    g = rdflib.Graph()
    g += onto
    g += sample_graph
    assert _owlrl_errors(g) == []
    # the closure uses the reused vocabularies: every enterprise is an org:Organization
    firm = next(sample_graph.subjects(RDF.type, PLAN.Enterprise))
    assert (firm, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in g


def test_owl_rl_finds_a_park_used_as_an_industry(onto: rdflib.Graph) -> None:
    g = rdflib.Graph()
    g += onto
    firm, park = URIRef(f"{DATA}enterprise/甲乙科技"), URIRef(f"{DATA}park/丙丁产业园")
    g.add((firm, RDF.type, PLAN.Enterprise))
    g.add((park, RDF.type, PLAN.Park))
    g.add((firm, PLAN.inIndustry, park))  # the range makes the park an Industry: disjoint with Park
    assert _owlrl_errors(g) != []


def test_owl_rl_finds_two_bounds_on_one_target(onto: rdflib.Graph) -> None:
    g = rdflib.Graph()
    g += onto
    target = URIRef(f"{DATA}report/r/target/0")
    g.add((target, RDF.type, PLAN.Target))
    g.add((target, PLAN.bound, PLAN.AtLeast))
    g.add((target, PLAN.bound, PLAN.AtMost))  # functional: would make AtLeast = AtMost, declared different
    g.add((target, PLAN.value, Literal("5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    assert _owlrl_errors(g) != []


def test_narrower_industries_reach_the_broader_one_through_skos(onto: rdflib.Graph) -> None:
    """A question about an industry finds firms placed in a narrower one (skos:broader*)."""
    g = rdflib.Graph()
    g += onto
    broad, narrow = URIRef(f"{DATA}industry/某某产业"), URIRef(f"{DATA}industry/某某细分")
    firm = URIRef(f"{DATA}enterprise/某某公司")
    g.add((narrow, SKOS.broader, broad))
    g.add((firm, PLAN.inIndustry, narrow))
    found = {
        row[0]
        for row in g.query(
            "SELECT ?f WHERE { ?f plan:inIndustry/skos:broader* ?i }", initNs={"plan": PLAN._NS, "skos": SKOS}, initBindings={"i": broad}
        )
    }
    assert found == {firm}


# --- kg ontology-doc -----------------------------------------------------------------------------


def test_ontology_doc_lists_every_term_with_both_labels(onto: rdflib.Graph) -> None:
    from kg.views.ontology_doc import ontology_doc

    md = ontology_doc("markdown", examples=[])
    for term in _own_terms(onto):
        curie = "plan:" + str(term)[len(NS):]
        assert f'<a id="{curie.replace(":", "-")}"></a>{curie}' in md
        for label in onto.objects(term, RDFS.label):
            assert str(label) in md
    assert "plansh:InIndustryRange" in md  # the constraints section
    html = ontology_doc("html", examples=[])
    assert html.startswith("<!DOCTYPE html>") and '<a href="#plan-Enterprise">plan:Enterprise</a>' in html
    assert 'id="plan-Level"' in html and 'id="plan-level"' in html  # case keeps the two terms apart


def test_ontology_doc_shows_examples_from_reports_but_no_sentences() -> None:
    from kg.views.ontology_doc import ontology_doc

    md = ontology_doc("markdown", examples=[str(SAMPLE)])
    assert "| in the examples |" in md and "| example |" in md
    text = SAMPLE.read_text(encoding="utf-8")
    sentences = [s for s in text.replace("\n", "。").split("。") if len(s) > 20]
    assert not any(s in md for s in sentences)


def test_docs_ontology_md_is_generated_and_linked_from_the_readme() -> None:
    docs = ontology_dir().parent / "docs" / "ontology.md"
    assert docs.read_text(encoding="utf-8").startswith("# plankg ontology")
    assert "(docs/ontology.md)" in (ontology_dir().parent / "README.md").read_text(encoding="utf-8")
