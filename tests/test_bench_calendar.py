"""The calendar benchmark runs (on a tiny size; the figures themselves are not checked here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_calendar.py"


def test_the_calendar_benchmark_runs_and_prints_its_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = importlib.util.spec_from_file_location("bench_calendar", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(budget=0.0001, samples=3, slow_samples=1)
    printed = capsys.readouterr().out
    assert "add_working_days n=10000" in printed
    assert "BusinessHours.between 200 h" in printed
