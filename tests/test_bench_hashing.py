"""The hashing benchmark runs (on a tiny size) and prints its table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_hashing.py"


def test_the_hashing_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_hashing", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    module.main(["--entries", "200", "--lookups", "20", "--rounds", "1"])

    output = capsys.readouterr().out
    for expected in ("portalkit owasp", "insecure_fast_for_tests", "argon2-cffi directly"):
        assert expected in output
    assert "blocklist of 200 entries, 20 lookups" in output
    assert "FileBlocklist / set: x" in output
