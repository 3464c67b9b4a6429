"""No firm name of any gold file may appear in the package — rules, guards, the learned model:
they describe the genre, and firms are found by their context."""

from __future__ import annotations

import json

import pytest

from .conftest import GOLD, ROOT


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared gold is not available")
def test_package_holds_no_enterprise_name_of_any_gold_file():
    files = sorted([*GOLD.glob("*.gold.json"), *GOLD.glob("districts/*.gold.json")])
    assert len(files) > 20, "every gold file is checked, districts included"
    names: set[str] = set()
    for f in files:
        for e in json.loads(f.read_text(encoding="utf-8"))["entities"]:
            if e["type"] == "Enterprise":
                names |= {e["name"], *e.get("aliases", [])}
    assert len(names) > 50, "the gold lists firms"
    offenders = []
    for path in sorted((ROOT / "kg").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".tsv", ".txt", ".json", ".html"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n in text]
    assert offenders == []
