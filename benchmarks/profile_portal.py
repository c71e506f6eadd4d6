"""Profile: the portal's pages in-process, where bench_portal.py measures them behind a server.

Run: .venv/bin/python benchmarks/profile_portal.py [PAGE ...] [--requests 300] [--profile]
     [--top 40]

Builds the portal in production mode (Argon2id, security headers) on SQLite in a temporary
folder with the demo data, signs in as the demo administrator through Flask's test client and
requests each page (by default the dashboard, the users page and the ticket list) after a few
requests to warm up; prints the median and fastest time per request. With ``--profile`` it
then runs each page again under cProfile and prints the functions with the most time
(cumulative, then their own). The test client costs a little itself, and no server and no
network take part: the figures say where a page's own time goes, not its throughput.
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
from collections.abc import Sequence

PAGES = ("/uebersicht/", "/benutzer/", "/tickets/")
BASE = "https://127.0.0.1"
HEADERS = {"Accept-Language": "de"}
WARM_UP = 20
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=list(PAGES), help="paths to request")
    parser.add_argument("--requests", type=int, default=300, help="requests per page")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--top", type=int, default=40, help="functions to print per table")
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
        client = app.test_client()
        form = client.get("/anmelden/", base_url=BASE, headers=HEADERS).get_data(as_text=True)
        match = _CSRF.search(form)
        if match is None:
            msg = "the login page has no form"
            raise SystemExit(msg)
        account = DEMO_ACCOUNTS[0]
        signed = client.post(
            "/anmelden/",
            base_url=BASE,
            data={"login": account.email, "password": account.password, "csrf_token": match[1]},
            headers={**HEADERS, "Referer": f"{BASE}/anmelden/"},
        )
        if signed.status_code != 303:
            msg = f"the sign-in answered {signed.status_code}"
            raise SystemExit(msg)

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
