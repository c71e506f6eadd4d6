"""The SQLite benchmark runs (on a tiny size) and prints every figure."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_sqlite.py"


def test_the_sqlite_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_sqlite", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    module.main(["--users", "400"])

    output = capsys.readouterr().out
    for expected in ("inactive_since", "NOT INDEXED", "ticket page deep", "by e-mail", "commit"):
        assert expected in output
