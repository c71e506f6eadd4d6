"""The PostgreSQL benchmark runs (on a tiny size, against the test server) and prints every
figure, for both stores.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_postgres.py"


def test_the_postgres_benchmark_prints_every_figure(
    capsys: pytest.CaptureFixture[str], postgres_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Spawned writer processes import the benchmark by its module name from the path.
    monkeypatch.syspath_prepend(str(BENCHMARK.parent))
    spec = importlib.util.spec_from_file_location("bench_postgres", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(__import__("sys").modules, "bench_postgres", module)
    spec.loader.exec_module(module)

    module.main(["--users", "400", "--server", postgres_server, "--seconds", "0.2"])

    output = capsys.readouterr().out
    for expected in (
        "PostgreSQL built in",
        "inactive_since",
        "count by full scan",
        "ticket page deep",
        "by e-mail",
        "write unit of work",
        "login_with_email",
        "writer processes",
    ):
        assert expected in output
    rows = [line.split() for line in output.splitlines() if line[:2] in ("1 ", "2 ", "4 ")]
    assert [row[0] for row in rows] == ["1", "2", "4"]
    # Every writer committed something in each store.
    assert all(
        int(row[1].replace(",", "")) > 0 and int(row[2].replace(",", "")) > 0 for row in rows
    )
