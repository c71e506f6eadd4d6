"""The accounts benchmark runs (on a tiny size) and prints its tables."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_accounts.py"


def test_the_accounts_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_accounts", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    module.main(["--addresses", "8", "--users", "3"])

    output = capsys.readouterr().out
    for expected in ("EmailAddress.parse", "stdlib codec (IDNA 2003)", "login_with_email"):
        assert expected in output
