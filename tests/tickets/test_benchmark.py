"""The tickets benchmark still runs (on a tiny size; the figures are not checked)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_tickets.py"


def test_the_benchmark_runs_on_a_tiny_size(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_tickets", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.main(50)
    assert [name for name, _, _ in rows] == ["check digits", "parse + validate"]
    assert "sla_status" in capsys.readouterr().out
