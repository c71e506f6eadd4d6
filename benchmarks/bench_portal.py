"""Benchmark: the reference portal behind a production WSGI server, against a bare Flask app.

Run: .venv/bin/python benchmarks/bench_portal.py [--pages /uebersicht/ /benutzer/ ...]
     [--requests 2000] [--seconds 10] [--rounds 5] [--clients 4] [--threads 4] [--logins 40]
     [--ready]

One child process serves, with waitress on 127.0.0.1 (a free port): the portal in production
mode (Argon2id, security headers, server-side sessions; SQLite storage in a temporary folder
if the portal has it, else memory) with the demo data (company, accounts, tickets, services),
and under ``/bare/`` a bare Flask app that returns a constant page: same server, same
settings, same run. The parent signs in
as the demo administrator and, with ``--clients`` keep-alive connections in threads, requests
the bare page and each of ``--pages`` in turn, ``--rounds`` times (so that a change of the
machine's load hits every page alike), each page at most ``--requests`` requests and
``--seconds`` in all. It prints requests per second, p50 and p99 latency, the server's CPU
time per request, and each page's share of the bare app's throughput, both measured and as
the CPU times predict it. Goal: the ticket list at least 40 % of the bare app.

With ``--ready`` the pages' views return a ready page behind the sign-in, after rendering only
the form token (see ``profile_portal.py --ready``): what a request costs outside its view.

Then it signs in ``--logins`` times, each sign-in beside one verification of the demo
password with the same Argon2id parameters in the benchmark process, and prints what the
portal adds to the hash: the median POST minus the median hash, and the server's CPU time
per sign-in minus the hash's. Goal: at most 5 ms.

The client runs in Python on the same machine: on a small machine it competes with the server
for the cores, which caps the bare app's requests per second more than the portal's; the CPU
columns do not depend on that. Linux only (the server's CPU time comes from ``/proc``).
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

import attrs

PAGES = ("/uebersicht/", "/benutzer/")
"""The default pages: the dashboard and the users page (add the ticket list, /tickets/)."""

BARE = "/bare/"
WARM_UP = 20
SIGN_IN_WARM_UP = 12
"""Sign-ins before the timed ones: each server thread's first Argon2id verification also
maps its 19 MiB fresh (page faults, zeroed pages), which the timed hash in the warmed-up
benchmark process does not; a running portal has done that long before."""
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def serve(instance: Path, threads: int, ready: Sequence[str] = ()) -> None:
    """Serve the portal and the bare app until killed (the child process).

    The views of the *ready* pages return a ready page (``profile_portal.py --ready``).
    """
    import waitress
    from flask import Flask
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from portalkit.adapters.flask import create_app
    from portalkit.adapters.flask.demo import create_portal_demo_data
    from portalkit.adapters.flask.storage import STORAGES

    storage = "sqlite" if "sqlite" in STORAGES else "memory"
    portal = create_app(
        {
            "ENVIRONMENT": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "BASE_URL": "https://127.0.0.1",
            "INSTANCE_PATH": str(instance),
            "STORAGE": storage,
        }
    )
    # The demo company with its accounts, tickets in every state, services and a pending change.
    create_portal_demo_data(portal.extensions["portalkit"])
    if ready:
        from profile_portal import ready_views

        ready_views(portal, ready)

    bare = Flask("bare")
    page = "<!doctype html><title>bare</title><p>" + "Kundenportal " * 40 + "</p>"

    @bare.get("/")
    def constant() -> str:
        return page

    application = DispatcherMiddleware(portal.wsgi_app, {BARE.rstrip("/"): bare})
    portal.wsgi_app = application  # type: ignore[method-assign]
    server = waitress.create_server(portal, host="127.0.0.1", port=0, threads=threads)
    print(f"{storage} {server.effective_port}", flush=True)  # type: ignore[union-attr]
    server.run()


@attrs.define
class Client:
    """One keep-alive connection with its cookies."""

    port: int
    cookies: dict[str, str] = attrs.field(factory=dict)
    connection: http.client.HTTPConnection = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        """Send one request; return the status, the body and the Location header."""
        headers = {"Accept-Language": "de"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text, response.headers.get("Location", "")

    def login_form(self) -> str:
        """Load the login form; return its CSRF token."""
        status, page, _ = self.request("GET", "/anmelden/")
        match = _CSRF.search(page)
        if status != 200 or match is None:
            msg = f"the login page answered {status} without a form"
            raise RuntimeError(msg)
        return match.group(1)

    def sign_in(self, login: str, password: str, token: str | None = None) -> float:
        """Sign in (with the CSRF *token* of a form loaded before); return the POST's seconds."""
        token = token or self.login_form()
        form = {"login": login, "password": password, "csrf_token": token}
        started = time.perf_counter()
        status, _, location = self.request("POST", "/anmelden/", form)
        elapsed = time.perf_counter() - started
        if status != 303 or "anmelden" in location:
            msg = f"signing in failed: {status} -> {location!r}"
            raise RuntimeError(msg)
        return elapsed

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user and system) process *pid* has used so far (Linux: /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@attrs.frozen
class Result:
    """The figures of one page, summed over the rounds."""

    name: str
    requests: int
    seconds: float
    latencies: tuple[float, ...]
    server_cpu: float

    @property
    def per_second(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds

    @property
    def cpu_per_request(self) -> float:
        """The server's CPU seconds per request."""
        return self.server_cpu / self.requests

    def percentile(self, share: float) -> float:
        """The latency below which *share* of the requests stayed, in seconds."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def __add__(self, other: Result) -> Result:
        return Result(
            self.name,
            self.requests + other.requests,
            self.seconds + other.seconds,
            self.latencies + other.latencies,
            self.server_cpu + other.server_cpu,
        )


def load(clients: Sequence[Client], path: str, requests: int, seconds: float, pid: int) -> Result:
    """Request *path* on every client in parallel, *requests* in all or for *seconds*."""
    latencies: list[float] = []
    lock = threading.Lock()
    remaining = [requests]
    failures: list[str] = []
    deadline = time.perf_counter() + seconds

    def run(client: Client) -> None:
        mine: list[float] = []
        while time.perf_counter() < deadline:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            status, _, location = client.request("GET", path)
            mine.append(time.perf_counter() - started)
            if status != 200:
                failures.append(f"{path}: {status} {location}")
                break
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    cpu = cpu_seconds(pid)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(pid) - cpu
    if failures:
        raise RuntimeError(failures[0])
    return Result(path, len(latencies), elapsed, tuple(latencies), cpu)


def measure(
    clients: Sequence[Client], paths: Sequence[str], options: argparse.Namespace, pid: int
) -> list[Result]:
    """Measure every path in *options.rounds* rounds, the paths in turn within each round.

    Taking turns spreads a change of the machine's load over every path alike.
    """
    for path in paths:
        for client in clients:
            for _ in range(WARM_UP // len(clients) + 1):
                client.request("GET", path)
    rounds = options.rounds
    totals: dict[str, Result] = {}
    for _ in range(rounds):
        for path in paths:
            result = load(
                clients, path, -(-options.requests // rounds), options.seconds / rounds, pid
            )
            totals[path] = totals[path] + result if path in totals else result
    return [totals[path] for path in paths]


@attrs.frozen
class Logins:
    """Sign-ins beside as many Argon2id verifications of the same password in the parent."""

    walls: list[float]
    hash_walls: list[float]
    server_cpu: float
    hash_cpu: float


def logins(port: int, count: int, pid: int) -> Logins:
    """Sign in *count* times, each beside one Argon2id verification in this process."""
    from portalkit.adapters.flask.demo import DEMO_ACCOUNTS
    from portalkit.policy.hashing import Argon2idHasher

    account = DEMO_ACCOUNTS[0]
    hasher = Argon2idHasher()
    stored = hasher.hash(account.password)
    for _ in range(SIGN_IN_WARM_UP):
        warm = Client(port)
        warm.sign_in(account.email, account.password)
        warm.close()
    # The login forms first, so that the server's CPU time below is the sign-ins' alone.
    clients = [Client(port) for _ in range(count)]
    tokens = [client.login_form() for client in clients]
    walls, hash_walls, hash_cpu = [], [], 0.0
    server = cpu_seconds(pid)
    for client, token in zip(clients, tokens, strict=True):
        started, cpu = time.perf_counter(), time.process_time()
        hasher.verify(stored, account.password)
        hash_walls.append(time.perf_counter() - started)
        hash_cpu += time.process_time() - cpu
        walls.append(client.sign_in(account.email, account.password, token))
    server = cpu_seconds(pid) - server
    for client in clients:
        client.close()
    return Logins(walls, hash_walls, server, hash_cpu)


def start_server(
    folder: Path, threads: int, ready: Sequence[str] = ()
) -> tuple[subprocess.Popen[str], str, int]:
    """Start the serving child; return it, the storage it uses and its port."""
    # The child writes its own copy of the log; the parent needs no handle of it.
    with (folder / "server.log").open("w") as log:
        child = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                str(folder / "instance"),
                "--threads",
                str(threads),
                *(["--ready", "--pages", *ready] if ready else []),
            ],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    assert child.stdout is not None
    line = child.stdout.readline().split()
    if len(line) != 2:
        child.kill()
        child.wait()
        child.stdout.close()
        msg = f"the server did not start:\n{(folder / 'server.log').read_text()}"
        raise RuntimeError(msg)
    return child, line[0], int(line[1])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help="paths to measure")
    parser.add_argument("--requests", type=int, default=2000, help="requests per page, at most")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per page, at most")
    parser.add_argument("--clients", type=int, default=4, help="parallel connections")
    parser.add_argument("--threads", type=int, default=4, help="waitress worker threads")
    parser.add_argument("--logins", type=int, default=40, help="sign-ins to time")
    parser.add_argument("--rounds", type=int, default=5, help="turns of all the pages")
    parser.add_argument(
        "--ready", action="store_true", help="the pages' views return a ready page (no view cost)"
    )
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.serve is not None:
        serve(options.serve, options.threads, options.pages if options.ready else ())
        return

    from portalkit.adapters.flask.demo import DEMO_ACCOUNTS

    account = DEMO_ACCOUNTS[0]
    with tempfile.TemporaryDirectory() as temporary:
        child, storage, port = start_server(
            Path(temporary), options.threads, options.pages if options.ready else ()
        )
        try:
            first = Client(port)
            first.sign_in(account.email, account.password)
            # Every connection carries the administrator's session, as one browser's tabs.
            clients = [first] + [
                Client(port, dict(first.cookies)) for _ in range(options.clients - 1)
            ]
            print(
                f"Portal ({storage} storage, production mode) and a bare Flask app on waitress "
                f"({options.threads} threads), {options.clients} keep-alive clients, up to "
                f"{options.requests:,} requests or {options.seconds:g} s per page"
            )
            paths = [BARE, *options.pages]
            results = measure(clients, paths, options, child.pid)
            for client in clients:
                client.close()
            signs = logins(port, options.logins, child.pid)
        finally:
            child.kill()
            child.wait()
            assert child.stdout is not None
            child.stdout.close()

    bare = results[0]
    print()
    print(
        f"{'page':<16} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'of bare':>8}"
        f" {'server CPU ms/req':>18} {'of bare':>8}"
    )
    for result in results:
        name = "bare Flask app" if result.name == BARE else result.name
        print(
            f"{name:<16} {result.requests:>9,} {result.per_second:>8,.0f} "
            f"{result.percentile(0.5) * 1000:>7.2f} {result.percentile(0.99) * 1000:>7.2f} "
            f"{result.per_second / bare.per_second:>8.0%} "
            f"{result.cpu_per_request * 1000:>18.2f} "
            # Too few requests can stay below the clock tick (10 ms) of the CPU time.
            + (
                f"{bare.cpu_per_request / result.cpu_per_request:>8.0%}"
                if result.server_cpu
                else f"{'n/a':>8}"
            )
        )
    print(
        "goal: the ticket list >= 40 % of the bare app's throughput. 'of bare': the share of "
        "the bare app's requests per second, and the bare app's server CPU time per request "
        "divided by the page's (the throughput share a server-bound machine would show)"
    )
    sign, hash_ = statistics.median(signs.walls), statistics.median(signs.hash_walls)
    count = len(signs.walls)
    print()
    print(
        f"login ({count} sign-ins, each beside an Argon2id verification of the same password "
        f"in the benchmark process): POST /anmelden/ median {sign * 1000:.1f} ms, hash "
        f"median {hash_ * 1000:.1f} ms: the portal adds {(sign - hash_) * 1000:.1f} ms; "
        f"server CPU {signs.server_cpu / count * 1000:.1f} ms per sign-in, hash CPU "
        f"{signs.hash_cpu / count * 1000:.1f} ms: the portal adds "
        f"{(signs.server_cpu - signs.hash_cpu) / count * 1000:.1f} ms (goal <= 5 ms)"
    )


if __name__ == "__main__":
    main()
