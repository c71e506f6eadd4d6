"""``make run``'s steps, as the Makefile has them, on an empty instance folder.

The Makefile's ``run`` target creates the database, the demo data and serves the portal; this
test runs the same ``flask`` commands (read from the Makefile, so that the two cannot drift
apart) in a subprocess, on a free port instead of 5000, then signs in as the demo
administrator over HTTP.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from portalkit.adapters.flask.demo import DEMO_ACCOUNTS, DEMO_OPERATOR_EMAIL

ROOT = Path(__file__).parents[3]
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _run_steps() -> list[list[str]]:
    """Return the arguments after ``flask --app portalkit.adapters.flask`` of each run step."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun: ", 1)[1].split("\n\n", 1)[0]
    steps = [line.strip() for line in recipe.splitlines()[1:]]
    assert all(step.startswith("$(PORTAL) ") for step in steps), steps
    assert "PORTALKIT_ENVIRONMENT=development" in makefile.split("\nPORTAL := ", 1)[1]
    return [shlex.split(step.removeprefix("$(PORTAL) ")) for step in steps]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_make_runs_steps_set_up_the_demo_and_serve_it(tmp_path: Path) -> None:
    *setup, serve = _run_steps()
    assert [step[:2] for step in setup] == [["portal", "init-db"], ["portal", "demo-data"]]
    assert serve[:1] == ["run"]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTALKIT_", "FLASK_"))},
        "PORTALKIT_ENVIRONMENT": "development",
        "PORTALKIT_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    flask = [str(Path(sys.executable).with_name("flask")), "--app", "portalkit.adapters.flask"]
    printed = ""
    for step in setup:
        done = subprocess.run(
            [*flask, *step], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        printed += done.stdout
    assert (tmp_path / "instance" / "portalkit.sqlite3").is_file()
    for account in DEMO_ACCOUNTS:
        assert account.email in printed
        assert account.password in printed
    assert DEMO_OPERATOR_EMAIL in printed

    port = _free_port()
    arguments = [*serve[: serve.index("--port") + 1], str(port)]
    process = subprocess.Popen(
        [*flask, *arguments], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with opener.open(base + "/anmelden/", timeout=5) as response:
                    login_page = response.read().decode()
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        token = _CSRF.search(login_page)
        assert token is not None
        admin = DEMO_ACCOUNTS[0]
        form = {"login": admin.email, "password": admin.password, "csrf_token": token.group(1)}
        request = urllib.request.Request(
            base + "/anmelden/", data=urllib.parse.urlencode(form).encode(), method="POST"
        )
        with opener.open(request, timeout=30) as response:
            assert response.url == base + "/uebersicht/"
            dashboard = response.read().decode()
        assert "Willkommen, Anna Adler" in dashboard
        assert re.search(r"T-\d{4}-\d{6}-\d{2}", dashboard)  # the demo tickets
    finally:
        process.terminate()
        process.wait(timeout=10)
