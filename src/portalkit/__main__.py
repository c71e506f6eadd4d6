"""A short command-line demonstration of portalkit's rules (``python -m portalkit``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from portalkit import LANGUAGES, message_catalog


def main(argv: Sequence[str] | None = None) -> int:
    """Print a tour of the rules portalkit knows; return the exit status."""
    parser = argparse.ArgumentParser(prog="portalkit", description=__doc__)
    parser.add_argument("--language", choices=LANGUAGES, default="de")
    args = parser.parse_args(argv)
    catalog = message_catalog()
    print(f"portalkit kennt {len(catalog)} Meldungen / knows {len(catalog)} messages.")
    for code in sorted(catalog):
        print(f"  {code}: {catalog[code].template(args.language)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
