"""How passwords are normalised before they are checked, compared or hashed."""

from __future__ import annotations

import unicodedata


def normalize_password(password: str) -> str:
    """Return *password* in Unicode normalisation form NFKC; never truncate it.

    NFKC is what NIST SP 800-63B rev. 4 (§3.1.1.2) recommends for stabilised strings: a user
    who types ``Å`` as one code point on one device and as ``A`` plus a combining ring on another
    must still log in, and compatibility forms such as full-width digits count as the digits
    they show. The same normalisation is applied before checking the policy, before hashing and
    before verifying, so the three always agree; a :class:`~portalkit.policy.PasswordHasher`
    of your own should hash and verify what this returns.

    >>> normalize_password("ｐａｓｓ１２３") == "pass123"
    True
    """
    return unicodedata.normalize("NFKC", password)


def fold_password(text: str) -> str:
    """Return *text* normalised and case-folded, as blocklists compare passwords.

    A :class:`~portalkit.policy.Blocklist` of your own should compare what this returns, so
    that it refuses ``PASSWORT1!`` and a full-width ``Ｐａｓｓｗｏｒｔ１!`` alike, as
    :class:`~portalkit.policy.MemoryBlocklist` does.

    >>> fold_password("STRASSE") == fold_password("straße")
    True
    >>> fold_password("Ｐａｓｓｗｏｒｔ１!") == fold_password("PASSWORT1!")
    True
    """
    return normalize_password(text).casefold()
