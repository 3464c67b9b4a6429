"""read: encodings, HTML pages, metadata, and bad input with one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.pipeline import extract, to_json
from kg.extract.read import decode, infer_meta, read_report, region_level

from .conftest import SAMPLE, run_kg

REPORT = "2025年青山县政府工作报告\n一、2024年工作回顾\n全县地区生产总值增长5%。\n二、2025年工作安排\n（一）做强产业\n开展园区提升行动。\n"


def test_utf8_gb18030_bom_and_utf16_decode_to_the_same_text() -> None:
    for encoding in ("utf-8", "gb18030", "gbk", "utf-8-sig", "utf-16", "utf-16-le"):
        data = REPORT.encode(encoding)
        if encoding == "utf-16-le":
            data = b"\xff\xfe" + data
        assert decode(data).lstrip("\ufeff") == REPORT, encoding


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_sample_in_other_encodings_extracts_exactly_like_utf8(tmp_path: Path, encoding: str) -> None:
    copy = tmp_path / SAMPLE.name
    copy.write_bytes(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    (tmp_path / "xiangshan-2024-work-plan.meta.yaml").write_bytes(SAMPLE.with_suffix(".meta.yaml").read_bytes())
    assert to_json(extract(copy)) == to_json(extract(SAMPLE))


def test_html_page_becomes_its_visible_text(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(
        "<html><head><title>t</title><script>var x='脚本不是正文';</script></head><body>"
        "<div>2025年青山县政府工作报告</div><p>全县地区生产总值增长5%。</p><style>p{}</style></body></html>",
        encoding="utf-8",
    )
    report = read_report(page)
    assert "地区生产总值增长5%" in report.text
    assert "脚本" not in report.text
    assert report.meta.region == "青山县" and report.meta.year == 2025


def test_metadata_is_inferred_from_title_and_file_name(tmp_path: Path) -> None:
    meta = infer_meta("2025年青山县政府工作报告\n……", tmp_path / "x.txt")
    assert (meta.region, meta.year, meta.level) == ("青山县", 2025, "区县")
    meta = infer_meta("各位代表：现在我代表市政府报告工作。", tmp_path / "绿水市-2023.txt")
    assert (meta.region, meta.year, meta.level) == ("绿水市", 2023, "市")


def test_sidecar_metadata_wins() -> None:
    meta = read_report(SAMPLE).meta
    assert (meta.region, meta.year, meta.level) == ("相山区", 2024, "区县")


def test_region_level() -> None:
    assert region_level("上海市") == "省"
    assert region_level("广西壮族自治区") == "省"
    assert region_level("淮北市") == "市"
    assert region_level("相山区") == "区县"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        ("全县地区生产总值增长5%。\x00\x00".encode("utf-8"), "NUL"),
        (b"just some english text with no chinese at all", "Chinese"),
    ],
)
def test_bad_files_raise_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_report(bad)


def test_size_limit_is_stated_and_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text("全县地区生产总值增长5%。" * 200, encoding="utf-8")
    monkeypatch.setenv("PLANKG_MAX_CHARS", "1000")
    with pytest.raises(InputError, match="PLANKG_MAX_CHARS"):
        read_report(big)
    monkeypatch.setenv("PLANKG_MAX_CHARS", "100000")
    assert read_report(big).text.startswith("全县")


@pytest.mark.parametrize(
    "setup",
    ["missing", "empty", "binary", "undecodable"],
)
def test_cli_bad_input_is_one_line_and_non_zero(tmp_path: Path, setup: str) -> None:
    path = tmp_path / "r.txt"
    if setup == "empty":
        path.write_bytes(b"")
    elif setup == "binary":
        path.write_bytes(bytes(range(256)) * 50)
    elif setup == "undecodable":
        path.write_bytes(b"\xff\xfe\xfd" + bytes(range(128, 256)) * 30)
    for args in (["extract", str(path)], ["build", str(path), "--store", str(tmp_path / "out")]):
        result = run_kg(*args)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kg: error:"), result.stderr
