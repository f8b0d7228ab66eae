"""A regular (non-editable) install carries every file the package reads at run time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Builds and installs a wheel in other processes: end to end, left out of `make test-fast`.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "retrieval")
_CACHES = shutil.ignore_patterns("__pycache__")


def _data_files() -> set[str]:
    """Files inside the packages that are not Python source: read at run time."""
    return {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }


def _build_wheel(into: Path) -> Path:
    # From a copy: a build in the checkout would leave build/ and *.egg-info behind, and an
    # old build/ would hide a missing file.
    source = into / "source"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=_CACHES)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(into),
        ],
        check=True,
        timeout=300,
        cwd=into,
    )
    (wheel,) = into.glob("*.whl")
    return wheel


def test_wheel_holds_every_data_file_and_answers_from_it(tmp_path):
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        data = _data_files()
        assert data, "the packages read word lists and weights at run time"
        assert data <= names, f"missing from the wheel: {sorted(data - names)}"
        archive.extractall(tmp_path / "site")
    corpus = shutil.copytree(ROOT / "seeds", tmp_path / "corpus")
    # The unpacked wheel comes before the editable checkout on the path, from another folder.
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}

    def python(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            env=env,
            check=False,
        )

    asked = python("-m", "retrieval", "ask", "Who founded Telegram?", "--corpus", corpus, "--json")
    assert asked.returncode == 0, asked.stderr
    assert '"answered": true' in asked.stdout
    where = python("-c", "import retrieval; print(retrieval.__file__)")
    assert where.stdout.startswith(str(tmp_path / "site"))
