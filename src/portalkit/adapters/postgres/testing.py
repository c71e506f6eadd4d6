"""A throwaway PostgreSQL cluster for tests and benchmarks, from the server's own binaries.

:func:`throwaway_cluster` runs ``initdb`` into a temporary folder and starts the server with
``pg_ctl``, listening on 127.0.0.1 at a free port and with its socket in that folder, so it
meets no other server on the machine; leaving the ``with`` block stops it and removes the
folder. PostgreSQL refuses to run as root: when the caller is root, the cluster belongs to
the unprivileged system user ``nobody`` and the binaries run as that user through
``runuser``. Debian's ``postgresql`` package puts the binaries in
``/usr/lib/postgresql/<version>/bin``; :func:`find_binaries` also looks on the ``PATH``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

UNPRIVILEGED_USER = "nobody"
"""Who owns and runs the cluster when the caller is root."""

FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
"""Server settings for tests: nothing survives a crash, and nothing needs to."""


def find_binaries() -> Path | None:
    """Return the folder of ``initdb`` and ``pg_ctl`` (the newest version), or ``None``."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return None if on_path is None else Path(on_path).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_cluster(
    settings: Sequence[str] = FAST_SETTINGS, *, binaries: Path | None = None
) -> Iterator[str]:
    """Run a new PostgreSQL cluster for the length of the block; yield its URL.

    The URL names the superuser ``postgres`` (trusted, no password: only this machine's
    loopback and the private socket reach it) and the database ``postgres``.

    Args:
        settings: ``name=value`` server settings (default: fast and not crash-safe).
        binaries: the folder of ``initdb`` and ``pg_ctl`` (default: :func:`find_binaries`).

    Raises:
        FileNotFoundError: if no PostgreSQL binaries are installed.
        subprocess.CalledProcessError: if the cluster cannot be created or started.
    """
    folder_of_binaries = binaries or find_binaries()
    if folder_of_binaries is None:
        msg = "initdb (install the postgresql package)"
        raise FileNotFoundError(msg)
    folder = Path(tempfile.mkdtemp(prefix="portalkit-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam(UNPRIVILEGED_USER)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", UNPRIVILEGED_USER, "--"]
    data, port = folder / "data", _free_port()
    options = " ".join(
        [f"-k {folder}", "-h 127.0.0.1", f"-p {port}", *(f"-c {item}" for item in settings)]
    )
    pg_ctl = [*run_as, str(folder_of_binaries / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(
            [
                *run_as,
                str(folder_of_binaries / "initdb"),
                *("-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"),
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [*pg_ctl, "-l", str(folder / "server.log"), "-w", "-t", "60", "-o", options, "start"],
            check=True,
            capture_output=True,
        )
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*pg_ctl, "-m", "immediate", "stop"], check=False, capture_output=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def given_or_throwaway(url: str | None, settings: Sequence[str] = ()) -> Iterator[str]:
    """Yield *url* when given, else the URL of a :func:`throwaway_cluster` with *settings*.

    For benchmarks: a server named on the command line, or one of their own (by default
    with the server's crash-safe settings, unlike the tests' :data:`FAST_SETTINGS`).
    """
    if url:
        yield url
        return
    with throwaway_cluster(settings=settings) as started:
        yield started


def create_database(url: str, name: str, *, template: str | None = None) -> str:
    """Create the database *name* on the server of *url* (a copy of *template*, if given).

    Returns:
        The URL of the new database.
    """
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)
    if url.startswith(("postgresql://", "postgres://")):
        return urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()
    return str(psycopg.conninfo.make_conninfo(url, dbname=name))


def drop_database(url: str, name: str) -> None:
    """Drop the database *name* on the server of *url*, closing its connections."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
