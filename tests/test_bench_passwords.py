"""The password benchmark runs (on a tiny size) and its figures make sense."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_passwords.py"


def test_the_benchmark_runs_quickly_and_reports_every_figure(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("zxcvbn")
    spec = importlib.util.spec_from_file_location("bench_passwords", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.main(["--quick"])
    assert {"speedup", "growth", "growth accepted", "portalkit 64 chars"} <= set(figures)
    assert all(value > 0 for value in figures.values())
    assert "zxcvbn/ours" in capsys.readouterr().out
