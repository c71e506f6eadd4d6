"""Profile: the portal's pages in-process, where bench_portal.py measures them behind a server.

Run: .venv/bin/python benchmarks/profile_portal.py [PAGE ...] [--requests 300] [--profile]
     [--top 40] [--sign-ins 0] [--ready] [--direct]

Builds the portal in production mode (Argon2id, security headers) on SQLite in a temporary
folder with the demo data, signs in as the demo administrator through Flask's test client and
requests each page (by default the dashboard, the users page and the ticket list) after a few
requests to warm up; prints the median and fastest time per request. With ``--profile`` it
then runs each page again under cProfile and prints the functions with the most time
(cumulative, then their own). The test client costs a little itself, and no server and no
network take part: the figures say where a page's own time goes, not its throughput.

With ``--ready`` each page's view is replaced by one that returns a ready page after rendering
only the form token (so that the context processors run, as for every page's layout): what a
signed-in request costs outside its view, the sign-in check included.

With ``--direct`` each page is also requested by calling the WSGI app itself with a request
built once (no test client): the median and the mean of the fastest quarter, and the same for
the sign-in check (the ``_load_user`` hook) alone.

With ``--sign-ins N`` it also signs in N times, each POST beside one Argon2id verification of
the same password by the portal's own hasher in the same process, and prints the medians of
both, by the clock and by CPU time: what the sign-in adds to the hash without a server.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask, render_template
from flask.testing import FlaskClient

PAGES = ("/uebersicht/", "/benutzer/", "/tickets/")
BASE = "https://127.0.0.1"
HEADERS = {"Accept-Language": "de"}
WARM_UP = 20
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _medians(times: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Return the median wall-clock and CPU milliseconds of (wall, CPU) seconds."""
    return (
        statistics.median(wall for wall, _ in times) * 1000,
        statistics.median(cpu for _, cpu in times) * 1000,
    )


def ready_views(app: Flask, pages: Sequence[str]) -> None:
    """Replace the views of *pages* by ones returning a ready page (behind the sign-in)."""
    from portalkit.adapters.flask.sessions import login_required

    adapter = app.url_map.bind("127.0.0.1")
    ready = "<!doctype html><title>ready</title><p>" + "Kundenportal " * 40 + "</p>"
    token = app.jinja_env.from_string("{{ csrf_token() }}")
    for path in pages:
        endpoint, _ = adapter.match(path)

        @login_required
        def view(**_values: object) -> str:
            return render_template(token) + ready

        app.view_functions[endpoint] = view


def _fastest_quarter(times: Sequence[float]) -> float:
    """Return the mean of the fastest quarter of *times*, in microseconds."""
    ordered = sorted(times)
    return statistics.mean(ordered[: max(1, len(ordered) // 4)]) * 1e6


def direct(app: Flask, client: FlaskClient, path: str, requests: int) -> None:
    """Time *path* calling the WSGI app itself, with the sign-in check timed on its own.

    The request (the client's cookies, the headers) is built once: no test client and no
    server take part, only the app. Prints the median and the mean of the fastest quarter.
    """
    from werkzeug.test import EnvironBuilder

    names = (app.config["SESSION_COOKIE_NAME"], app.config["LOGIN_COOKIE_NAME"])
    found = [client.get_cookie(name, domain="127.0.0.1") for name in names]
    cookie = "; ".join(f"{c.key}={c.value}" for c in found if c is not None)
    headers = [*HEADERS.items(), ("Cookie", cookie)]
    environ = EnvironBuilder(path=path, base_url=BASE, headers=headers).get_environ()
    hooks = app.before_request_funcs[None]
    place = [getattr(hook, "__name__", "") for hook in hooks].index("_load_user")
    check = hooks[place]
    checks: list[float] = []

    def timed_check() -> Any:
        start = time.perf_counter()
        try:
            return check()
        finally:
            checks.append(time.perf_counter() - start)

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        if not status.startswith("200"):
            msg = f"{path} answered {status}"
            raise SystemExit(msg)
        return len

    hooks[place] = timed_check
    try:
        for _ in range(WARM_UP):
            b"".join(app(dict(environ), start_response))
        checks.clear()
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            b"".join(app(dict(environ), start_response))
            times.append(time.perf_counter() - start)
    finally:
        hooks[place] = check
    print(
        f"{path} (the WSGI app alone): median {statistics.median(times) * 1e6:.0f} us, "
        f"fastest quarter {_fastest_quarter(times):.0f} us; the sign-in check "
        f"{statistics.median(checks) * 1e6:.0f} / {_fastest_quarter(checks):.0f} us"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=list(PAGES), help="paths to request")
    parser.add_argument("--requests", type=int, default=300, help="requests per page")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--top", type=int, default=40, help="functions to print per table")
    parser.add_argument("--sign-ins", type=int, default=0, help="sign-ins to time beside a hash")
    parser.add_argument("--ready", action="store_true", help="views return a ready page")
    parser.add_argument("--direct", action="store_true", help="also call the WSGI app itself")
    options = parser.parse_args(argv)

    from portalkit.adapters.flask import create_app
    from portalkit.adapters.flask.demo import DEMO_ACCOUNTS, create_portal_demo_data

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "ENVIRONMENT": "production",
                "SECRET_KEY": secrets.token_hex(32),
                "BASE_URL": BASE,
                "INSTANCE_PATH": folder,
                "STORAGE": "sqlite",
            }
        )
        create_portal_demo_data(app.extensions["portalkit"])
        if options.ready:
            ready_views(app, options.pages)
        account = DEMO_ACCOUNTS[0]

        def sign_in(client: FlaskClient) -> tuple[float, float]:
            form = client.get("/anmelden/", base_url=BASE, headers=HEADERS).get_data(as_text=True)
            match = _CSRF.search(form)
            if match is None:
                msg = "the login page has no form"
                raise SystemExit(msg)
            data = {"login": account.email, "password": account.password, "csrf_token": match[1]}
            wall, cpu = time.perf_counter(), time.process_time()
            signed = client.post(
                "/anmelden/",
                base_url=BASE,
                data=data,
                headers={**HEADERS, "Referer": f"{BASE}/anmelden/"},
            )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if signed.status_code != 303:
                msg = f"the sign-in answered {signed.status_code}"
                raise SystemExit(msg)
            return wall, cpu

        client = app.test_client()
        sign_in(client)

        def get(path: str) -> None:
            response = client.get(path, base_url=BASE, headers=HEADERS)
            if response.status_code != 200:
                msg = f"{path} answered {response.status_code}"
                raise SystemExit(msg)

        for path in options.pages:
            for _ in range(WARM_UP):
                get(path)
            times = []
            for _ in range(options.requests):
                start = time.perf_counter()
                get(path)
                times.append(time.perf_counter() - start)
            print(
                f"{path}: median {statistics.median(times) * 1000:.2f} ms, "
                f"fastest {min(times) * 1000:.2f} ms ({options.requests} requests)"
            )
            if options.direct:
                direct(app, client, path, options.requests)
        if options.sign_ins:
            services = app.extensions["portalkit"].accounts
            with services.unit_of_work() as uow:
                user = next(u for u in uow.users.all() if str(u.email) == account.email)
            stored = user.password_hash or ""

            def verify() -> tuple[float, float]:
                wall, cpu = time.perf_counter(), time.process_time()
                services.hasher.verify(stored, account.password)
                return time.perf_counter() - wall, time.process_time() - cpu

            posts, hashes = [], []
            for _ in range(options.sign_ins):
                posts.append(sign_in(app.test_client()))
                hashes.append(verify())
            post_wall, post_cpu = (
                statistics.median(column) * 1000 for column in zip(*posts, strict=True)
            )
            hash_wall, hash_cpu = (
                statistics.median(column) * 1000 for column in zip(*hashes, strict=True)
            )
            print(
                f"sign-in ({options.sign_ins}): POST median {post_wall:.1f} ms, CPU "
                f"{post_cpu:.1f} ms; hash {hash_wall:.1f} ms, CPU {hash_cpu:.1f} ms: the sign-in "
                f"adds {post_wall - hash_wall:.1f} ms, by CPU {post_cpu - hash_cpu:.1f} ms"
            )
        if options.profile:
            for path in options.pages:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(options.requests):
                    get(path)
                profile.disable()
                print(f"\n{path} under cProfile, {options.requests} requests")
                stats = pstats.Stats(profile)
                stats.sort_stats("cumulative").print_stats(options.top)
                stats.sort_stats("tottime").print_stats(options.top // 2)


if __name__ == "__main__":
    main()
