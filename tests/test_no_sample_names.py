"""No firm name of the sample's gold may appear in the package: rules describe the genre."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold" / "000_f0b6f9fa8693aedd.gold.json"


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.exists(), reason="../shared gold is not available")
def test_package_holds_no_enterprise_name_of_the_sample():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    names = {e["name"] for e in gold["entities"] if e["type"] == "Enterprise"}
    names |= {a for e in gold["entities"] if e["type"] == "Enterprise" for a in e.get("aliases", [])}
    assert names, "the sample's gold lists firms"
    offenders = []
    for path in sorted((ROOT / "kg").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".tsv", ".txt", ".json", ".html"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n in text]
    assert offenders == []
