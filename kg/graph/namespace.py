"""The plankg ontology's terms, as one rdflib DefinedNamespace.

Code refers to ontology terms only through ``PLAN`` (and the vocabulary namespaces below), so a
misspelt term fails at import time instead of silently matching nothing in a query.
tests/test_ontology.py checks that this list and ontology/plan.ttl define the same terms.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/plankg/ontology"
ONTOLOGY_VERSION = "0.1.0"
DATA = Namespace("https://w3id.org/plankg/id/")

# Reused W3C and community vocabularies (see the comments in ontology/plan.ttl for why).
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PPLAN = Namespace("http://purl.org/net/p-plan#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")


class PLAN(DefinedNamespace):
    """https://w3id.org/plankg/ontology# — classes, properties and individuals."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # Documents and their structure
    Report: URIRef
    Section: URIRef
    Sentence: URIRef
    Mention: URIRef
    NamedEntity: URIRef  # superclass of every entity type below
    # Plans
    KeyTask: URIRef
    Action: URIRef
    Programme: URIRef
    # Organisations and places
    Organisation: URIRef
    Enterprise: URIRef
    University: URIRef
    ResearchInstitute: URIRef
    GovernmentBody: URIRef
    Platform: URIRef
    Park: URIRef
    Project: URIRef
    Infrastructure: URIRef
    Region: URIRef
    Industry: URIRef
    IndustryScheme: URIRef
    # Quantities
    Quantity: URIRef
    Target: URIRef
    Achievement: URIRef
    Bound: URIRef
    QuantityKind: URIRef
    Exact: URIRef
    AtLeast: URIRef
    AtMost: URIRef
    Approx: URIRef
    Growth: URIRef
    Level: URIRef
    Count: URIRef
    Rank: URIRef
    RankChange: URIRef
    # Relations between entities
    inIndustry: URIRef
    prioritises: URIRef
    partnersWith: URIRef
    develops: URIRef
    partOf: URIRef
    inAction: URIRef
    locatedIn: URIRef
    hasTarget: URIRef
    hasAchievement: URIRef
    mentions: URIRef
    # Report metadata
    region: URIRef
    level: URIRef
    year: URIRef
    sourceFile: URIRef
    section: URIRef
    # Quantity attributes
    indicator: URIRef
    canonicalIndicator: URIRef
    Indicator: URIRef
    IndicatorScheme: URIRef
    value: URIRef
    unit: URIRef
    normalisedValue: URIRef
    baseUnit: URIRef
    qudtUnit: URIRef
    bound: URIRef
    kind: URIRef
    horizon: URIRef
    periodStart: URIRef
    statedIn: URIRef
    phase: URIRef
    # Provenance of every extracted fact
    inReport: URIRef
    inSentence: URIRef
    mentionOf: URIRef
    start: URIRef
    end: URIRef
    surface: URIRef
    text: URIRef
    index: URIRef
    rule: URIRef
    confidence: URIRef
    resolution: URIRef


# Gold-schema names ↔ ontology terms.
TYPE_CLASS: dict[str, URIRef] = {
    "Enterprise": PLAN.Enterprise,
    "University": PLAN.University,
    "ResearchInstitute": PLAN.ResearchInstitute,
    "Platform": PLAN.Platform,
    "Park": PLAN.Park,
    "Industry": PLAN.Industry,
    "Action": PLAN.Action,
    "KeyTask": PLAN.KeyTask,
    "Programme": PLAN.Programme,
    "Infrastructure": PLAN.Infrastructure,
    "Region": PLAN.Region,
}
CLASS_TYPE: dict[URIRef, str] = {v: k for k, v in TYPE_CLASS.items()}

PREDICATE_PROPERTY: dict[str, URIRef] = {
    "inIndustry": PLAN.inIndustry,
    "partnersWith": PLAN.partnersWith,
    "develops": PLAN.develops,
    "partOf": PLAN.partOf,
    "inAction": PLAN.inAction,
    "locatedIn": PLAN.locatedIn,
    "prioritises": PLAN.prioritises,
}

BOUND_INDIVIDUAL: dict[str, URIRef] = {
    "exact": PLAN.Exact,
    "at_least": PLAN.AtLeast,
    "at_most": PLAN.AtMost,
    "approx": PLAN.Approx,
}
KIND_INDIVIDUAL: dict[str, URIRef] = {
    "growth": PLAN.Growth,
    "level": PLAN.Level,
    "count": PLAN.Count,
    "rank": PLAN.Rank,
    "rank_change": PLAN.RankChange,
}

PREFIXES: dict[str, str] = {
    "plan": str(PLAN._NS),
    "id": str(DATA),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": str(ORG),
    "schema": str(SCHEMA),
    "oa": str(OA),
}
