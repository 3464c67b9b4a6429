"""lookup_text: a lookup (kg/views/lookup.py) as text for a terminal."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from .entity_facts import Source
from .lookup import Lookup
from ..graph.name_match import AMBIGUOUS, EXACT, NOT_FOUND


Styler = Callable[[str, str], str]


def plain(text: str, style: str) -> str:
    return text


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _types(types: Iterable[str]) -> str:
    return "/".join(types) or "?"


def _source_lines(src: Source, reports: dict[str, str], s: Styler, indent: str) -> list[str]:
    """Where (report, character span, rule, confidence), then the sentence with the span marked."""
    where = reports.get(src.report, src.report)
    span = f" [{src.start}–{src.end}]" if src.start is not None else ""
    if not where:  # under its report's heading
        span = span.lstrip()
    extra = " ".join(b for b in (src.rule, f"{src.confidence:.2f}" if src.confidence is not None else None) if b)
    lines = [indent + s(f"{where}{span}", "dim") + (" " + s(extra, "dim") if extra else "")]
    if src.text:
        before, hit, after = src.split()
        lines.append(indent + "  " + s(before, "") + s(hit, "bold underline") + s(after, ""))
    return lines


def _capped(items: list[Any], limit: Optional[int]) -> tuple[list[Any], int]:
    if limit is None or len(items) <= limit:
        return items, 0
    return items[:limit], len(items) - limit


def render_text(result: Lookup, s: Styler = plain, limit: Optional[int] = None, explain: bool = False) -> str:
    """The lookup as text for a terminal; ``limit`` caps each listing (the JSON has them all);
    ``explain`` adds how resolution made the node (which rule joined which written name, where)."""
    lines: list[str] = []
    if result.status == NOT_FOUND:
        lines.append(f"no entity named {result.query!r}")
        if result.suggestions:
            lines.append("closest names:")
            for c in result.suggestions:
                lines.append(f"  {s(c.name, 'bold')}  {s(_types(c.types), 'cyan')}  {s(', '.join(c.reports), 'dim')}")
        return "\n".join(lines)
    if result.status == AMBIGUOUS:
        shown = f", the first {len(result.candidates)}" if result.matched > len(result.candidates) else ""
        lines.append(
            f"{result.query!r} matches {result.matched} entities ({result.candidates[0].match}{shown}); "
            "pick one by its full name, --type or --report:"
        )
        for c in result.candidates:
            via = f" via {c.matched}" if c.matched != c.name else ""
            lines.append(f"  {s(c.name, 'bold')}  {s(_types(c.types), 'cyan')}  {s(', '.join(c.reports), 'dim')}{via}")
        return "\n".join(lines)

    e = result.entity
    assert e is not None
    reports = {r.id: r.label for r in e.reports}
    head = f"{s(e.name, 'bold')}  {s(_types(e.types), 'cyan')}"
    if e.confidence is not None:
        head += s(f"  confidence {e.confidence:.2f}", "dim")
    lines.append(head)
    chosen = result.chosen
    if chosen is not None and chosen.match != EXACT:
        lines.append(s(f"  {chosen.match} match of {result.query!r} (on {chosen.matched})", "yellow"))
    if len(e.labels) > 1:
        lines.append(f"  labels: {'、'.join(e.labels)}")
    if e.aliases:
        lines.append(f"  aliases: {'、'.join(e.aliases)}")
    lines.append(s(f"  {e.iri}", "dim"))
    if result.candidates:
        others = "、".join(f"{c.name} ({_types(c.types)})" for c in result.candidates)
        lines.append(s(f"  also matched: {others}", "dim"))

    if explain:
        lines.append("")
        lines.append(s(f"Resolution ({len(e.resolution)})", "bold magenta"))
        lines += [f"  {why}" for why in e.resolution] or ["  every report writes it so: no rule renamed or joined it"]

    lines.append("")
    lines.append(s(f"Relations ({len(e.relations)})", "bold magenta"))
    shown, more = _capped(e.relations, limit)
    for f in shown:
        arrow = "→" if f.direction == "out" else "←"
        lines.append(f"  {arrow} {s(f.predicate, 'green')}  {s(f.other.name, 'bold')} {s(_types(f.other.types), 'cyan')}")
        for src in f.sources:
            lines += _source_lines(src, reports, s, "      ")
    if more:
        lines.append(s(f"  … {more} more (--format json lists all)", "dim"))

    lines.append("")
    lines.append(s(f"Targets and achievements ({len(e.targets)})", "bold magenta"))
    shown, more = _capped(e.targets, limit)
    for q in shown:
        what = "achieved" if q.achievement else "target"
        via = "in its action" if q.via == "action" else "in a sentence naming it"
        detail = ", ".join(b for b in (what, q.kind, q.bound, str(q.horizon) if q.horizon else None, via) if b)
        lines.append(f"  {s(q.indicator, 'bold')} {_num(q.value)}{q.unit}  {s(detail, 'dim')}")
        for src in q.sources:
            lines += _source_lines(src, reports, s, "      ")
    if more:
        lines.append(s(f"  … {more} more (--format json lists all)", "dim"))

    lines.append("")
    lines.append(s(f"Reports ({len(e.reports)})", "bold magenta"))
    for r in e.reports:
        mentions = f"{len(r.mentions)} mention{'s' if len(r.mentions) != 1 else ''}"
        lines.append(f"  {s(r.label, 'bold')}  {mentions}" + (f"  {r.source_file}" if r.source_file else ""))
        shown, more = _capped(r.mentions, limit)
        for src in shown:
            lines += _source_lines(src, {r.id: ""}, s, "      ")
        if more:
            lines.append(s(f"      … {more} more", "dim"))
    return "\n".join(lines)
