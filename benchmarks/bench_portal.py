"""Benchmark: the reference portal behind a production WSGI server, against a bare Flask app.

Run: .venv/bin/python benchmarks/bench_portal.py [--pages /uebersicht/ /benutzer/ ...]
     [--requests 2000] [--seconds 10] [--clients 4] [--threads 4] [--logins 20]

One child process serves, with waitress on 127.0.0.1 (a free port): the portal in production
mode (Argon2id, security headers, server-side sessions; SQLite storage in a temporary folder
if the portal has it, else memory) with the demo company, and under ``/bare/`` a bare Flask
app that returns a constant page: same server, same settings, same run. The parent signs in
as the demo administrator and, with ``--clients`` keep-alive connections in threads, requests
first the bare page, then each of ``--pages``, then the bare page again (the two bare runs show
how much the machine drifted), each for ``--requests`` requests or ``--seconds``, whichever
comes first. It prints requests per second, p50 and p99 latency and each page's share of the
bare app's throughput. Goal: the ticket list at least 40 % of the bare app.

Then it signs in ``--logins`` times and, alternating with each sign-in, verifies the demo
password with the same Argon2id parameters in the parent: the sign-in's median minus the
hash's median is what the portal adds to the hash. Goal: at most 5 ms.

The client runs in Python on the same machine: on a small machine it competes with the server
for the cores, which caps the bare app's figure more than the portal's.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
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
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def serve(instance: Path, threads: int) -> None:
    """Serve the portal and the bare app until killed (the child process)."""
    import waitress
    from flask import Flask
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from portalkit.adapters.flask import create_app
    from portalkit.adapters.flask.demo import create_demo_data
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
    accounts = portal.extensions["portalkit"].accounts
    create_demo_data(accounts)

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

    def sign_in(self, login: str, password: str) -> float:
        """Sign in; return the seconds the form's POST took."""
        status, page, _ = self.request("GET", "/anmelden/")
        match = _CSRF.search(page)
        if status != 200 or match is None:
            msg = f"the login page answered {status} without a form"
            raise RuntimeError(msg)
        form = {"login": login, "password": password, "csrf_token": match.group(1)}
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


@attrs.frozen
class Result:
    """The figures of one page."""

    name: str
    requests: int
    seconds: float
    latencies: tuple[float, ...]

    @property
    def per_second(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        """The latency below which *share* of the requests stayed, in seconds."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(clients: Sequence[Client], path: str, requests: int, seconds: float) -> Result:
    """Request *path* on every client in parallel, *requests* in all or for *seconds*."""
    for client in clients:
        for _ in range(WARM_UP // len(clients) + 1):
            client.request("GET", path)
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
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(failures[0])
    return Result(path, len(latencies), elapsed, tuple(latencies))


def logins(port: int, count: int) -> tuple[list[float], list[float]]:
    """Sign in *count* times, each beside one Argon2id verification in this process."""
    from portalkit.adapters.flask.demo import DEMO_ACCOUNTS
    from portalkit.policy.hashing import Argon2idHasher

    account = DEMO_ACCOUNTS[0]
    hasher = Argon2idHasher()
    stored = hasher.hash(account.password)
    signs, hashes = [], []
    for _ in range(count):
        started = time.perf_counter()
        hasher.verify(stored, account.password)
        hashes.append(time.perf_counter() - started)
        client = Client(port)
        try:
            signs.append(client.sign_in(account.email, account.password))
        finally:
            client.close()
    return signs, hashes


def start_server(folder: Path, threads: int) -> tuple[subprocess.Popen[str], str, int]:
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
    parser.add_argument("--logins", type=int, default=20, help="sign-ins to time")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.serve is not None:
        serve(options.serve, options.threads)
        return

    from portalkit.adapters.flask.demo import DEMO_ACCOUNTS

    account = DEMO_ACCOUNTS[0]
    with tempfile.TemporaryDirectory() as temporary:
        child, storage, port = start_server(Path(temporary), options.threads)
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
            results = [load(clients, BARE, options.requests, options.seconds)]
            for path in options.pages:
                results.append(load(clients, path, options.requests, options.seconds))
            results.append(load(clients, BARE, options.requests, options.seconds))
            for client in clients:
                client.close()
            signs, hashes = logins(port, options.logins)
        finally:
            child.kill()
            child.wait()
            assert child.stdout is not None
            child.stdout.close()

    bare = statistics.mean([results[0].per_second, results[-1].per_second])
    print()
    print(f"{'page':<28} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of bare':>8}")
    for index, result in enumerate(results):
        name = result.name
        if name == BARE:
            name = f"bare Flask app ({'before' if index == 0 else 'after'})"
        print(
            f"{name:<28} {result.requests:>9,} {result.per_second:>9,.0f} "
            f"{result.percentile(0.5) * 1000:>8.2f} {result.percentile(0.99) * 1000:>8.2f} "
            f"{result.per_second / bare:>8.0%}"
        )
    print("goal: the ticket list >= 40 % of the bare app's throughput (mean of both bare runs)")
    sign, hash_ = statistics.median(signs), statistics.median(hashes)
    print()
    print(
        f"login: POST /anmelden/ median {sign * 1000:.1f} ms, Argon2id verification median "
        f"{hash_ * 1000:.1f} ms ({len(signs)} each, alternating); the portal adds "
        f"{(sign - hash_) * 1000:.1f} ms (goal <= 5 ms)"
    )


if __name__ == "__main__":
    main()
