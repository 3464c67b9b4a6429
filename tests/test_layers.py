"""The layout holds: `lint-imports` keeps the contracts of pyproject.toml (the pipeline's layers, no
import cycles), and no module of kg/ grows past what one reads in a sitting."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

MAX_MODULE_LINES = 450


def test_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {p.relative_to(ROOT): len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "kg").rglob("*.py")}
    over = {str(p): n for p, n in sizes.items() if n > MAX_MODULE_LINES}
    assert not over, f"modules over {MAX_MODULE_LINES} lines: {over}"
