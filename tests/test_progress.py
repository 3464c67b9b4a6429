"""The build's progress: reported per report as each is extracted (not per batch), the later
stages named with their elapsed time on a terminal, and nothing at all when stderr is not one."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kg.build.extract_reports
from kg.api import build

from .conftest import ROOT, SAMPLE

REPORT = "2025年{county}政府工作报告\n二、2025年工作安排\n（一）做强制造业\n开展智造升级行动。支持青松精工等企业建设智能工厂，新增规上工业企业10家。\n"
COUNTIES = [f"{name}县" for name in "青白红松北南东西石河湖山林泉谷桥溪岭田原"]


def _reports(folder: Path, n: int) -> Path:
    folder.mkdir()
    for county in COUNTIES[:n]:
        (folder / f"{county}-2025.txt").write_text(REPORT.format(county=county), encoding="utf-8")
    return folder


def test_each_report_is_reported_as_soon_as_it_is_extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    recognise = kg.build.extract_reports.recognise_file

    def logged(path: str, kept: str) -> kg.build.extract_reports.CorpusNames:
        events.append("extracted " + Path(path).stem)
        return recognise(path, kept)

    monkeypatch.setattr(kg.build.extract_reports, "recognise_file", logged)  # three reports: extracted in process
    build([str(_reports(tmp_path / "r", 3))], tmp_path / "out", on_extracted=lambda path: events.append("reported " + Path(path).stem))
    stems = sorted(p.stem for p in (tmp_path / "r").iterdir())
    assert events == [e for stem in stems for e in ("extracted " + stem, "reported " + stem)]


_RECOGNISE = kg.build.extract_reports.recognise_file


def _recognise_and_log(path: str, kept: str) -> kg.build.extract_reports.CorpusNames:
    """recognise_file (the extraction's one pass over a report) that first appends the path to
    $EXTRACTION_LOG (the workers are forked, so they run it from the parent's patched module)."""
    with open(os.environ["EXTRACTION_LOG"], "a", encoding="utf-8") as fh:
        fh.write(path + "\n")
    return _RECOGNISE(path, kept)


def test_parallel_workers_report_the_first_report_long_before_the_last_is_extracted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "extracted.log"
    log.touch()
    monkeypatch.setenv("EXTRACTION_LOG", str(log))
    monkeypatch.setattr(kg.build.extract_reports, "recognise_file", _recognise_and_log)
    extracted_at_report: list[int] = []
    build(
        [str(_reports(tmp_path / "r", 20))],
        tmp_path / "out",
        workers=2,
        on_extracted=lambda path: extracted_at_report.append(len(log.read_text(encoding="utf-8").splitlines())),
    )
    assert len(extracted_at_report) == 20
    # At most 4 reports per worker are in flight beyond the one being handled: the first report
    # is reported when at most 9 have been extracted, not when a batch of 20 is.
    assert extracted_at_report[0] <= 9


def _on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run `kg` with stderr on a pseudo-terminal; returns the exit code, stdout and what the
    terminal showed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, "COLUMNS": "160", "TERM": "xterm"},
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait(timeout=300)
    return code, stdout, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))


def test_terminal_shows_every_report_then_each_stage_with_its_time(tmp_path: Path) -> None:
    code, stdout, shown = _on_a_terminal("build", str(_reports(tmp_path / "r", 6)), "--store", str(tmp_path / "out"), "--workers", "2")
    assert code == 0, shown
    assert stdout.startswith(f"built {tmp_path / 'out'}/: 6 reports;")
    for n in range(1, 7):
        assert f"{n}/6 reports" in shown
    assert "reports/s" in shown
    for stage in ("extracting", "names across reports", "loading the store", "drawing graph.html", "checking SHACL shapes"):
        assert re.search(rf"{stage}\s.*\d:\d\d:\d\d", shown), stage


def test_nothing_on_stderr_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(SAMPLE), "--store", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("built ")
