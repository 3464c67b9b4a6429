"""open_class: candidate names the genre's syntax allows, with the signals a learned model weighs.

The rule families of recognise.py know closed lists (an industry taxonomy, fixed suffixes); real
reports keep naming things outside them. This stage proposes candidates from syntax alone —

- ``head``: a phrase ending in an open head noun (…经济, …服务业, …科技城, …平台, …工程, …公司),
  with every start the clause allows (the model picks where the name starts);
- ``trigger``: a phrase right before a word that only follows a name (X入选…, X获评…, X项目);
- ``list``: each item of an enumeration (A、B、C等X / 发展A、B、C), typed by what the list is of;
- ``project``: the firm at the head of each item of a list of projects (A电池三期、B技改等项目) —

and describes each by features: the head, what stands right before the start (a verb, a
particle, punctuation), the first character, whether the stem is a dictionary word, a place, a
taxonomy industry, what follows. Features never hold a candidate's own words beyond one
character, so the model learns the genre, not names. Word lists: resources/candidates.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..model import Document, EntityType
from .hits import Hit
from .lexicon import lexicon
from .text import norm_name
from .words import is_common_phrase, is_common_word, place_words
from .rules import alternation, rule_file

_BREAK = "，,；;：:。！!？?\n()（）“”\"《》【】[]、 \u3000"
_CJK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9+×·]")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: EntityType
    family: str
    group: tuple[int, str]  # candidates of one group are alternatives: at most one is taken
    features: tuple[str, ...]
    project_end: int = 0  # for a firm at the head of a project's name: where the project ends


@dataclass(frozen=True)
class CandidateRules:
    heads: dict[EntityType, re.Pattern[str]]
    max_stem: int
    min_stem: int
    list_tails: list[tuple[str, EntityType]]
    open_verbs: re.Pattern[str]
    open_verb_set: frozenset[str]
    open_verb_any: re.Pattern[str]
    list_tail_any: re.Pattern[str]
    never_first: tuple[str, ...]
    generic: re.Pattern[str]
    policy: re.Pattern[str]
    known_suffix: re.Pattern[str]
    triggers: dict[EntityType, re.Pattern[str]]
    project_tails: frozenset[str]


@lru_cache(maxsize=1)
def candidate_rules() -> CandidateRules:
    data, guards = rule_file("candidates.yaml"), rule_file("guards.yaml")
    tails = sorted(((w, EntityType(t)) for t, ws in data["list_tails"].items() for w in ws), key=lambda p: -len(p[0]))
    verbs = set(data["open_verbs"]) | set(lexicon().boundary.pattern.replace("\\", "").split("|"))
    heads = {EntityType(t): re.compile(alternation(ws)) for t, ws in data["heads"].items()}
    known = {w for ws in data["heads"].values() for w in ws} | {w for w, _ in tails} | set(rule_file("industries.yaml")["item_heads"])
    return CandidateRules(
        heads=heads,
        max_stem=int(data["max_stem"]),
        min_stem=int(data["min_stem"]),
        list_tails=tails,
        open_verbs=re.compile("(?:" + alternation(verbs) + ")$"),
        open_verb_set=frozenset(verbs),
        open_verb_any=re.compile(alternation(verbs)),
        list_tail_any=re.compile(alternation(w for w, _ in tails)),
        never_first=tuple(guards["never_first"]),
        generic=re.compile(alternation(guards["generic_words"])),
        policy=re.compile(alternation(guards["policy_words"])),
        triggers={EntityType(t): re.compile(alternation(ws)) for t, ws in data["triggers"].items()},
        project_tails=frozenset(data["project_tails"]),
        known_suffix=re.compile("(?<=.)(?:" + alternation(w for w in known if len(w) >= 2) + ")$"),
    )


def _clause_bounds(text: str, limit: int) -> Iterator[tuple[int, int]]:
    for m in re.finditer(r"[^，,；;：:。！!？?\n]+", text[:limit]):
        yield m.start(), m.end()


@lru_cache(maxsize=65536)
def _stem_features(prefix: str, stem: str) -> tuple[str, ...]:
    """Signals of a stem (the words before the head, or a whole list item), each prefixed."""
    lex, rules = lexicon(), candidate_rules()
    f = [f"{prefix}len={min(len(stem), 8)}", f"{prefix}first={stem[:1]}", f"{prefix}last={stem[-1:]}"]
    if stem.startswith(rules.never_first):
        f.append(f"{prefix}never_first")
    if rules.open_verbs.search(stem[:2]) or rules.open_verbs.search(stem[:4]) and stem[:4] in rules.open_verb_set:
        f.append(f"{prefix}opens_with_verb")
    if is_common_word(stem):
        f.append(f"{prefix}common_word")
    elif len(stem) >= 4 and is_common_phrase(stem):
        f.append(f"{prefix}common_phrase")
    if any(stem[:n] in place_words() for n in (2, 3)):
        f.append(f"{prefix}place_head")
    if lex.industry_terms.fullmatch(stem):
        f.append(f"{prefix}taxonomy")
    elif lex.industry_terms.search(stem):
        f.append(f"{prefix}holds_taxonomy")
    if re.search(r"\d", stem):
        f.append(f"{prefix}digit")
    if rules.generic.search(stem):
        f.append(f"{prefix}generic")
    if rules.policy.search(stem):
        f.append(f"{prefix}policy")
    if re.search(r"[和及与]", stem):
        f.append(f"{prefix}conjunction")
    if "的" in stem:
        f.append(f"{prefix}de")
    if lex.generic_org.match(stem):
        f.append(f"{prefix}generic_org")
    ending = rules.known_suffix.search(stem)
    if ending:
        f.append(f"{prefix}ends={ending.group()}")
    return tuple(f)


def _before(text: str, start: int, rules: CandidateRules) -> list[str]:
    """What stands right before a candidate's start."""
    prev = text[start - 1 : start] if start else "^"
    f = [f"prev={prev}"]
    if not prev.strip() or prev in _BREAK or prev == "^":
        f.append("prev_break")
    elif rules.open_verbs.search(text, max(0, start - 4), start):
        f.append("prev_verb")
    elif _CJK.match(prev):
        f.append("prev_word")
    return f


def _floor(text: str, end: int, longest: int) -> int:
    """The earliest start of a name ending at ``end``: back to a break, at most ``longest`` characters."""
    floor = end
    while floor > 0 and end - floor < longest and text[floor - 1] not in _BREAK:
        floor -= 1
    return floor


def head_candidates(doc: Document, rules: CandidateRules) -> list[Candidate]:
    """Every start (up to max_stem characters back, inside the clause) of a phrase ending in a
    head noun; a head right before another name character is inside a longer word (港口 …)."""
    text, limit = doc.text, doc.clean.content_end
    out: list[Candidate] = []
    for etype, pattern in rules.heads.items():
        for m in pattern.finditer(text, 0, limit):
            hs, he = m.start(), m.end()
            after = text[he : he + 2]
            floor = _floor(text, hs, rules.max_stem)
            if hs - floor < rules.min_stem:
                continue
            common = [f"head={m.group()}", f"next={after[:1] or '$'}"]
            if after[:1] and _CJK.match(after[:1]):
                common.append("head_continues")
            if text[he : he + 1] == "等" or text.startswith(("等", "和", "、"), he):
                common.append("next_list")
            quoted = text[floor - 1 : floor] == "“" or "”" in text[floor:hs]
            for s in range(hs - rules.min_stem, floor - 1, -1):
                stem = text[s:hs]
                before = _before(text, s, rules)
                feats = [*common, *before, *_stem_features("stem_", stem), f"head_len={m.group()}|{min(len(stem), 6)}",
                         f"head_prev={m.group()}|{before[-1] if len(before) > 1 else '-'}"]
                if quoted:
                    feats.append("quoted")
                if s == floor:
                    feats.append("at_clause_start")
                out.append(Candidate(s, he, etype, "head", (he, etype.value), tuple(feats)))
    return out


def trigger_candidates(doc: Document, rules: CandidateRules) -> list[Candidate]:
    """Names right before a word that only follows a name (X入选…, X获评…, X项目建成): every
    start back to the clause or list boundary."""
    text, limit = doc.text, doc.clean.content_end
    out: list[Candidate] = []
    for etype, pattern in rules.triggers.items():
        for m in pattern.finditer(text, 0, limit):
            end = m.start()
            if text[end - 1 : end] in ("等", "的", ""):
                continue  # A、B等项目: the list's items are the projects
            floor = _floor(text, end, rules.max_stem)
            common = [f"trigger={m.group()}"]
            if text[end - 1 : end] in "”\"":
                common.append("quoted")
            for s in range(end - 2, floor - 1, -1):
                feats = [*common, *_before(text, s, rules), *_stem_features("stem_", text[s:end])]
                if s == floor:
                    feats.append("at_clause_start")
                out.append(Candidate(s, end, etype, "trigger", (end, "trigger"), tuple(feats)))
    return out


def _project_heads(text: str, s: int, e: int) -> list[Candidate]:
    """The firm at the head of a project's name (X电池三期, X乘用车技改): every prefix that leaves
    a rest of ordinary words."""
    out = []
    for n in range(2, min(6, e - s - 2) + 1):
        head, rest = text[s : s + n], text[s + n : e]
        feats = ["project_item", f"rest_len={min(len(rest), 8)}", *_stem_features("stem_", head)]
        if is_common_word(rest) or is_common_phrase(rest):
            feats.append("rest_common")
        if re.search(r"[一二三四五六七八九十\d]期$", rest):
            feats.append("rest_phase")
        if is_common_word(text[s + n - 1 : s + n + 1]):
            feats.append("cut_in_word")
        out.append(Candidate(s, s + n, EntityType.ENTERPRISE, "project", (s, "project"), tuple(feats), project_end=e))
    return out


def _list_type(text: str, end: int, rules: CandidateRules) -> tuple[str, EntityType | None]:
    """What the words after a list say it is of: (the tail word, its type)."""
    rest = text[end : end + 12]
    rest = rest[1:] if rest.startswith("等") else rest
    rest = re.sub(r"^[\d一二三四五六七八九十两]+[个家大类项条]", "", rest)
    for n in range(0, 7):
        if rest[n : n + 1] in _BREAK:
            break
        for word, etype in rules.list_tails:
            if rest.startswith(word, n):
                return word, etype
    return "", None


def _conjuncts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An item joined by 和 / 与 / 及 inside a list (A、B和C、D) is two items, each of at least
    two characters; else it is one."""
    m = re.search(r"[和与及]", text[start:end])
    if m and m.start() >= 2 and end - (start + m.end()) >= 2:
        return [(start, start + m.start()), (start + m.end(), end)]
    return [(start, end)]


def list_candidates(doc: Document, rules: CandidateRules) -> list[Candidate]:
    """Items of enumerations, each a candidate of the type the list is of (or of every open type
    when nothing says), with the list's signals: the verb before it, the tail after it, how many
    of its items are taxonomy industries."""
    text, limit = doc.text, doc.clean.content_end
    lex = lexicon()
    out: list[Candidate] = []
    for cs, ce in _clause_bounds(text, limit):
        clause = text[cs:ce]
        if "、" not in clause:
            continue
        for run in re.finditer(r"[^、]+(?:、[^、]+)+", clause):
            pieces: list[tuple[int, int]] = []
            pos = cs + run.start()
            for piece in run.group().split("、"):
                pieces.append((pos, pos + len(piece)))
                pos += len(piece) + 1
            # the first item opens after the verb that governs the list
            fs, fe = pieces[0]
            verb = ""
            for vm in rules.open_verb_any.finditer(text[fs:fe]):
                if fe - (fs + vm.end()) >= 2:
                    verb, cut = vm.group(), fs + vm.end()
            if verb:
                pieces[0] = (cut, fe)
            # the last item ends before 等 / the tail / a verb after it
            ls, le = pieces[-1]
            last = text[ls:le]
            tail_word, tail_type = "", None
            cut_at = len(last)
            for k in range(1, len(last)):
                if last[k] == "等" or k >= 2 and (rules.list_tail_any.match(last, k) or last[k].isdigit()):
                    cut_at = k
                    break
            tail_word, tail_type = _list_type(text, ls + cut_at, rules)
            if cut_at == len(last) and len(last) > 6:
                cut_at = 6 if not _CJK.match(last[6:7] or "x") else len(last)
            pieces[-1] = (ls, ls + cut_at)
            items = [(s, e) for a, b in pieces for s, e in _conjuncts(text, a, b) if 2 <= e - s <= rules.max_stem]
            if len(items) < 2:
                continue
            n_tax = sum(1 for s, e in items if lex.industry_terms.search(text[s:e]))
            list_feats = [
                f"verb={verb or '-'}",
                f"tail={tail_word or '-'}",
                f"tail_type={tail_type.value if tail_type else '-'}",
                f"items={min(len(items), 6)}",
                "tax_half" if 2 * n_tax >= len(items) else ("tax_some" if n_tax else "tax_none"),
                f"after={text[ls + cut_at : ls + cut_at + 1] or '$'}",
            ]
            types = [tail_type] if tail_type else [EntityType.INDUSTRY, EntityType.ENTERPRISE]
            for k, (s, e) in enumerate(items):
                if tail_word in rules.project_tails:
                    out += _project_heads(text, s, e)
                item = text[s:e]
                pos_feat = "pos=first" if k == 0 else ("pos=last" if k == len(items) - 1 else "pos=mid")
                context = tail_word or verb or "-"
                feats = [*list_feats, pos_feat, *_stem_features("item_", item), f"context_last={context}|{item[-1]}",
                         f"context_len={context}|{min(len(item), 6)}"]
                for etype in types:
                    out.append(Candidate(s, e, etype, "list", (s, "list"), tuple(feats)))
    return out


def candidates(doc: Document) -> list[Candidate]:
    rules = candidate_rules()
    return [*head_candidates(doc, rules), *trigger_candidates(doc, rules), *list_candidates(doc, rules)]


def features_of(c: Candidate) -> list[str]:
    """The model's inputs: each signal alone and with the candidate's type and family."""
    t = f"{c.type.value}/{c.family}"
    return [f"bias:{t}", *(f"{t}:{f}" for f in c.features), *(f"{c.type.value}:{f}" for f in c.features)]


def open_class_hits(doc: Document, rule_hits: list[Hit]) -> list[Hit]:
    """The candidates the learned model takes, best start per group, as hits that keep their
    evidence (family, features) and the model's confidence. The rules keep their words: a
    candidate overlapping a rule's mention (other than a region's) is not taken."""
    from .learned import entity_model

    model = entity_model()
    if model is None:
        return []
    best: dict[tuple[int, str], tuple[float, Candidate]] = {}
    for c in candidates(doc):
        p = model.probability(features_of(c))
        if p >= model.threshold_for(c.type.value) and p > best.get(c.group, (0.0, c))[0]:
            best[c.group] = (p, c)
    taken = sorted((h.start, h.end) for h in rule_hits if h.type is not EntityType.REGION)
    orig = doc.report.text
    hits = []
    for p, c in sorted(best.values(), key=lambda pc: (pc[1].start, pc[1].end)):
        if any(s < c.end and c.start < e for s, e in taken):
            continue
        name = norm_name(orig[c.start : c.end])
        hits.append(Hit(name=name, type=c.type, start=c.start, end=c.end, rule=f"learned.{c.family}", confidence=round(p, 3), evidence=c.features))
        if c.project_end:  # the project the firm heads, its developer's (X电池三期)
            project = norm_name(orig[c.start : c.project_end])
            hits.append(Hit(name=project, type=EntityType.INFRASTRUCTURE, start=c.start, end=c.project_end,
                            rule="learned.project_item", confidence=round(p, 3), evidence=c.features))
    return hits
