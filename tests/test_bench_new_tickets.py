"""The new-tickets benchmark runs (tiny, against the test server) and prints every figure."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_new_tickets.py"


def test_the_new_tickets_benchmark_prints_a_row_per_number_of_writers(
    capsys: pytest.CaptureFixture[str], postgres_server: str
) -> None:
    spec = importlib.util.spec_from_file_location("bench_new_tickets", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    module.main(["--writers", "1", "3", "--tickets", "5", "--server", postgres_server])

    lines = capsys.readouterr().out.splitlines()
    assert "now/before" in lines[0]
    rows = [line.split() for line in lines[1:]]
    assert [row[0] for row in rows] == ["1", "3"]
    for row in rows:
        # Rates, abort counts and two ratios, all numbers.
        assert all(re.fullmatch(r"[\d,.]+x?", value) for value in row), row
