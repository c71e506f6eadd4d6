"""The portal benchmark runs (on a tiny size) and prints every figure."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_portal.py"


def test_the_portal_benchmark_serves_signs_in_and_prints_every_figure(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = importlib.util.spec_from_file_location("bench_portal", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    module.main(
        ["--requests", "30", "--seconds", "5", "--rounds", "2", "--clients", "2", "--logins", "2"]
    )

    output = capsys.readouterr().out
    lines = output.splitlines()
    for page in ("bare Flask app", "/uebersicht/", "/benutzer/"):
        row = next(line for line in lines if line.startswith(page))
        # requests (all 30 answered 200), req/s, p50 ms, p99 ms, share, CPU ms, CPU share
        requests, per_second, p50, p99, share, cpu, cpu_share = row[len(page) :].split()
        assert requests == "30"
        assert float(per_second.replace(",", "")) > 0
        assert 0 < float(p50) <= float(p99)
        assert float(cpu) >= 0
        assert share.endswith("%")
        # n/a: the bare app's few requests may stay below the CPU clock's tick of 10 ms.
        assert cpu_share.endswith("%") or cpu_share == "n/a"
    assert "the portal adds" in output
    assert "sqlite storage" in output
