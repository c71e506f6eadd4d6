"""Check passwords against the portal's rule and print why each is refused.

Usage:
    python examples/check_password.py [--language en] [--name "Erika Mustermann"] PASSWORD...

The exit status is 0 if every password is accepted and 1 otherwise, so the program also works
in a shell script.
"""

from __future__ import annotations

import argparse
import sys

from portalkit import LANGUAGES
from portalkit.policy import PasswordContext, PasswordPolicy


def main(argv: list[str] | None = None) -> int:
    """Check each password given on the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("passwords", nargs="+", metavar="PASSWORD")
    parser.add_argument("--language", choices=LANGUAGES, default="de")
    parser.add_argument("--name", default="", help="the user's first and last name")
    args = parser.parse_intermixed_args(argv)

    first, _, last = args.name.partition(" ")
    context = PasswordContext(first_name=first or None, last_name=last or None)
    policy = PasswordPolicy()
    accepted = True
    for password in args.passwords:
        result = policy.check(password, context=context)
        print(f"{password}: {'ok' if result.ok else ', '.join(result.codes)}")
        for message in result.messages(args.language):
            print(f"  - {message}")
        accepted = accepted and result.ok
    return 0 if accepted else 1


if __name__ == "__main__":
    sys.exit(main())
