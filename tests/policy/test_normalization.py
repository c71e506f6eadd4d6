"""Password normalisation."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from portalkit.policy.normalization import fold_password, normalize_password


def test_composed_and_decomposed_forms_normalise_alike() -> None:
    assert normalize_password("A\u030a") == normalize_password("\u00c5") == "\u00c5"


def test_full_width_characters_count_as_what_they_show() -> None:
    assert normalize_password("Ｐａｓｓ１２３") == "Pass123"


@given(st.text())
def test_normalisation_is_idempotent_and_ignores_the_input_form(text: str) -> None:
    once = normalize_password(text)
    assert normalize_password(once) == once
    assert normalize_password(unicodedata.normalize("NFD", text)) == once


@given(st.text())
def test_folding_ignores_case(text: str) -> None:
    assert fold_password(text.upper()) == fold_password(fold_password(text.upper()))
    assert fold_password(text) == fold_password(normalize_password(text))
