"""Fixtures for the documentation site: the hook module and one strict build per test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.docs.site import ROOT, load_tool


@pytest.fixture(scope="session")
def hooks() -> ModuleType:
    return load_tool("docs_hooks")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once, as ``make docs`` does: strict, so that any warning fails it."""
    target = tmp_path_factory.mktemp("site")
    # The theme prints an end-of-life notice that says nothing about this site.
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return target
