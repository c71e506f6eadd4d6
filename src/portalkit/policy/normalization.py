"""How passwords are normalised before they are checked, compared or hashed."""

from __future__ import annotations

import unicodedata


def normalize_password(password: str) -> str:
    """Return *password* in Unicode normalisation form NFKC; never truncate it.

    NFKC is what NIST SP 800-63B rev. 4 (§3.1.1.2) recommends for stabilised strings: a user
    who types ``Å`` as one code point on one device and as ``A`` plus a combining ring on another
    must still log in, and compatibility forms such as full-width digits count as the digits
    they show. The same normalisation is applied before checking the policy, before hashing and
    before verifying, so the three always agree.

    >>> normalize_password("ｐａｓｓ１２３") == "pass123"
    True
    """
    return unicodedata.normalize("NFKC", password)


def fold(text: str) -> str:
    """Return *text* normalised and case-folded, for case-insensitive comparisons.

    >>> fold("STRASSE") == fold("straße")
    True
    """
    return normalize_password(text).casefold()
