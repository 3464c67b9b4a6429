"""The name index file (out/names.json): written by every build, add and remove; used by
`kg lookup` only while it belongs to the current store, so a lookup never reads a stale index."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

from kg.graph import names
from kg.api import add, build, remove
from kg.graph.names import read_index
from kg.views.lookup import lookup
from kg.graph.name_match import FOUND, NOT_FOUND
from kg.graph.store import open_store

REPORT_A = "2025年青山县政府工作报告\n二、2025年工作安排\n（一）做强制造业\n开展智造升级行动。支持青松精工、蓝岭电子等企业建设智能工厂，新增规上工业企业10家。\n"
REPORT_B = "2025年白水县政府工作报告\n二、2025年工作安排\n（一）壮大新能源\n开展光伏倍增行动。推动青松精工与白水学院合作建设光伏研发中心，新增光伏装机20万千瓦。\n"


def _reports(folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    a, b = folder / "青山县-2025.txt", folder / "白水县-2025.txt"
    a.write_text(REPORT_A, encoding="utf-8")
    b.write_text(REPORT_B, encoding="utf-8")
    return a, b


def test_build_saves_the_index_the_store_gives(tmp_path: Path) -> None:
    a, b = _reports(tmp_path / "r")
    out = tmp_path / "out"
    build([str(a), str(b)], out)
    saved = names.load(out)
    assert saved is not None and saved == read_index(open_store(out))
    assert {e.name for e in saved.values()} >= {"青松精工", "白水学院", "光伏研发中心"}


def test_lookup_answers_the_same_with_and_without_the_file(tmp_path: Path) -> None:
    a, b = _reports(tmp_path / "r")
    out = tmp_path / "out"
    build([str(a), str(b)], out)
    with_file = [asdict(lookup(name, out)) for name in ("青松精工", "白水", "光伏研发")]
    (out / names.NAME_INDEX).unlink()
    assert [asdict(lookup(name, out)) for name in ("青松精工", "白水", "光伏研发")] == with_file
    assert with_file[0]["status"] == FOUND


def test_add_and_remove_rewrite_the_index(tmp_path: Path) -> None:
    a, b = _reports(tmp_path / "r")
    out = tmp_path / "out"
    build([str(a)], out)
    assert lookup("白水学院", out).status == NOT_FOUND
    add([str(b)], out)
    assert names.load(out) == read_index(open_store(out))
    assert lookup("白水学院", out).status == FOUND
    remove(["白水县-2025"], out)
    assert names.load(out) == read_index(open_store(out))
    assert lookup("白水学院", out).status == NOT_FOUND


def test_an_index_of_another_store_or_a_broken_file_is_not_used(tmp_path: Path) -> None:
    a, b = _reports(tmp_path / "r")
    build([str(a)], tmp_path / "one")
    build([str(a), str(b)], tmp_path / "two")
    shutil.copy(tmp_path / "one" / names.NAME_INDEX, tmp_path / "two" / names.NAME_INDEX)
    assert names.load(tmp_path / "two") is None  # written for another store generation
    assert lookup("白水学院", tmp_path / "two").status == FOUND  # read from the store instead
    (tmp_path / "two" / names.NAME_INDEX).write_text("{not json", encoding="utf-8")
    assert names.load(tmp_path / "two") is None
    assert lookup("白水学院", tmp_path / "two").status == FOUND


def test_the_file_is_plain_json_naming_its_store_generation(tmp_path: Path) -> None:
    a, _ = _reports(tmp_path / "r")
    out = tmp_path / "out"
    build([str(a)], out)
    payload = json.loads((out / names.NAME_INDEX).read_text(encoding="utf-8"))
    assert payload["generation"] == str((out / "store").resolve())
    assert any("青松精工" in entry[2] for entry in payload["entries"])


def test_a_lookup_loads_neither_rdf_nor_rule_libraries(sample_store: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom kg.cli import main\n"
        f"try:\n    main(['lookup', '盛美诺', '--store', {str(sample_store)!r}])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rdflib', 'yaml', 'pyshacl', 'networkx', 'jieba', 'kg.extract.clean', 'kg.extract.lexicon', 'kg.extract.recognise') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "盛美诺" in done.stdout and done.stdout.strip().splitlines()[-1] == "[]"
