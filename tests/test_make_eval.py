"""`make eval` works from a clone: every question file it reads ships in the repo."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_eval_reads_only_files_inside_the_repo():
    planned = subprocess.run(
        ["make", "-n", "--always-make", "eval", "VENV=.venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    evals = [cmd for cmd in planned.replace("\\\n", " ").splitlines() if " eval " in cmd]
    assert evals, planned
    files = [Path(f) for cmd in evals for f in re.findall(r"\S+\.jsonl?\b", cmd)]
    assert files
    for file in files:
        resolved = (ROOT / file).resolve()
        assert resolved.is_relative_to(ROOT), f"{file} is outside the repo"
        assert resolved.is_file(), f"{file} is missing"
