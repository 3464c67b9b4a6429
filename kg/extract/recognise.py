"""recognise: a segmented Document → the mentions the rule families find, and the entities they
make. Each family is a module of its own; this one runs them all:
- actions and key tasks (actions: scope.find_actions, the numbered headings of the work part);
- suffix names (suffix_names: …大学, …研究所, …交易中心, …产业园, …集团);
- firms by brand (firms: enumerations, subjects, park owners, partners);
- industries (industries: the taxonomy's words and what lists and develop verbs say are industries);
- regions (regions: the report's own region, suffixed names, groups, national regions, lists);
- platforms named bare and quoted programmes (fixed_names).
Their words live in resources/entities.yaml, firms.yaml, industries.yaml, regions.yaml and
actions.yaml, read once by lexicon (and regions, scope). merge makes the mentions entities. Patterns run on the clean
text (doc.text); names are spelt as the report writes them.
"""

from __future__ import annotations

from ..model import Document, Entity
from .actions import actions, key_tasks
from .firms import counted_firms, enumerated_firms, park_owners, partner_firms, project_head_firms, subject_firms
from .fixed_names import named_platforms, quoted_programmes
from .hits import Hit
from .industries import industries
from .merge import to_entities
from .regions import regions
from .suffix_names import counted_names, suffix_names


def rule_hits(doc: Document) -> list[Hit]:
    """Every mention the rule families find in the report's content."""
    orgs = suffix_names(doc)
    return [*actions(doc), *key_tasks(doc), *orgs, *enumerated_firms(doc), *subject_firms(doc), *project_head_firms(doc), *park_owners(orgs, doc), *partner_firms(orgs, doc), *industries(doc), *regions(doc), *named_platforms(doc), *quoted_programmes(doc), *counted_names(doc), *counted_firms(doc)]


def recognise(doc: Document) -> list[Entity]:
    """Entities the rule families alone find (the pipeline adds the learned ones)."""
    return to_entities(doc, rule_hits(doc))
