"""Hardening: every kind of bad input gets a one-line error and a non-zero exit, never a
traceback; valid encodings extract exactly like UTF-8."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pytest

from .conftest import SAMPLE, one_line_error, run_kg


def _extract_json(path: Path) -> dict:
    result = run_kg("extract", str(path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    data.pop("document")
    return data


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16"])
def test_valid_encodings_extract_exactly_like_utf8(tmp_path: Path, encoding: str) -> None:
    copy = tmp_path / SAMPLE.name
    copy.write_bytes(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    (tmp_path / SAMPLE.with_suffix(".meta.yaml").name).write_bytes(SAMPLE.with_suffix(".meta.yaml").read_bytes())
    assert _extract_json(copy) == _extract_json(SAMPLE)


def test_html_page_of_the_sample_extracts_like_its_text(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><script>alert(1)</script></head><body>{paragraphs}</body></html>", encoding="gb18030")
    # the same sidecar: the report's own region (a Region entity) comes from its metadata
    (tmp_path / "page.meta.yaml").write_bytes(SAMPLE.with_suffix(".meta.yaml").read_bytes())
    data = _extract_json(page)
    baseline = _extract_json(SAMPLE)
    assert {(e["name"], e["type"]) for e in data["entities"]} == {(e["name"], e["type"]) for e in baseline["entities"]}
    assert len(data["targets"]) == len(baseline["targets"])


@pytest.mark.parametrize(
    "name, content",
    [
        ("empty.txt", b""),
        ("random.txt", random.Random(7).randbytes(20000)),
        ("nul.txt", "地区生产总值增长6%".encode() + b"\x00" * 64 + "固定资产投资增长10%".encode()),
        ("latin.txt", b"This is a plain English file, not a report." * 20),
    ],
)
def test_invalid_files_fail_in_one_line(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert name in one_line_error(run_kg("extract", str(path)))
    assert name in one_line_error(run_kg("build", str(path), "--store", str(tmp_path / "out")))


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    one_line_error(run_kg("build", str(tmp_path / "nope")))
    (tmp_path / "empty").mkdir()
    assert "no .txt or .html" in one_line_error(run_kg("build", str(tmp_path / "empty"), "--store", str(tmp_path / "o")))


def test_folder_with_an_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    bad = folder / "locked.txt"
    if os.geteuid() == 0:  # root reads any file: a dangling link stands in for an unreadable one
        bad.symlink_to(tmp_path / "gone.txt")
    else:
        bad.write_text("地区生产总值增长6%。", encoding="utf-8")
        bad.chmod(0)
    line = one_line_error(run_kg("build", str(folder), "--store", str(tmp_path / "out")))
    assert "locked.txt" in line
    assert not (tmp_path / "out" / "store").exists()


def test_huge_file_is_refused_quickly_with_the_limit_and_how_to_raise_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    sentence = "全区地区生产总值增长6%,新增高新技术企业12家。"
    huge.write_text(sentence * (14_000_000 // len(sentence)), encoding="utf-8")
    started = time.perf_counter()
    line = one_line_error(run_kg("extract", str(huge)))
    assert time.perf_counter() - started < 20
    assert "PLANKG_MAX_CHARS" in line and "limit" in line


def test_report_without_a_work_section_still_builds(tmp_path: Path) -> None:
    report = tmp_path / "青山县-2025.txt"
    report.write_text(
        "2025年青山县政府工作报告\n各位代表：\n过去一年，全县地区生产总值增长5.2%，新增规上企业12家。\n我们要继续努力。\n",
        encoding="utf-8",
    )
    result = run_kg("build", str(report), "--store", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    data = json.loads(run_kg("extract", str(report)).stdout)
    assert data["region"] == "青山县" and data["year"] == 2025
    assert data["targets"] == []  # what was already achieved is never a target
