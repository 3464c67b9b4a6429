"""The README's examples are run, so they never go stale.

Every ```console block line that starts with `$ kg` is run from a folder holding the sample's
build in out/ (what `make build` leaves); the lines shown under it must appear in the real
output, in order (a line `…` skips any number of lines; a line ending in `…` matches any line
that starts with the rest, for output such as timings). A command shown with `# exit N` must
exit with N.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run_kg

README = ROOT / "README.md"


def _examples() -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S):
        current: tuple[str, list[str]] | None = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:], [])
                examples.append(current)
            elif current is not None:
                current[1].append(line)
    return [(cmd, out) for cmd, out in examples if cmd.startswith("kg ")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, sample_store: Path) -> Path:
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copytree(sample_store, work / "out", symlinks=True)
    return work


def _norm(line: str) -> str:
    return " ".join(line.split())


def _matches(got: str, want: str) -> bool:
    """A shown line ending in … is a prefix of the real one; any other shown line is all of it."""
    return got.startswith(want[:-1].rstrip()) if want.endswith("…") else got == want


@pytest.mark.parametrize("command, shown", _examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_readme_example(workdir: Path, command: str, shown: list[str]) -> None:
    m = re.search(r"\s+#\s*exit\s+(\d+)\s*$", command)
    expected_code = int(m.group(1)) if m else 0
    command = command[: m.start()] if m else command
    result = run_kg(*shlex.split(command)[1:], cwd=workdir)
    assert result.returncode == expected_code, result.stderr
    actual = [_norm(l) for l in (result.stdout + result.stderr).splitlines()]
    pos = 0
    for line in shown:
        if line.strip() in ("...", "…") or not line.strip():
            continue
        want = _norm(line)
        while pos < len(actual) and not _matches(actual[pos], want):
            pos += 1
        assert pos < len(actual), f"README shows {line!r} for `{command}`, not in the real output"
        pos += 1
