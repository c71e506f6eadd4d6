"""The exported names are exactly the documented public API."""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC = {
    "portalkit": {
        "DEFAULT_LANGUAGE",
        "LANGUAGES",
        "Clock",
        "ConflictError",
        "FixedClock",
        "InvalidValueError",
        "Language",
        "Message",
        "NaiveDatetimeError",
        "NotFoundError",
        "PermissionDeniedError",
        "PortalkitError",
        "message_catalog",
    },
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_all_is_exactly_the_public_api(module_name: str) -> None:
    module = importlib.import_module(module_name)
    # ruff's RUF022 keeps __all__ sorted; this test keeps it exact.
    assert set(module.__all__) == PUBLIC[module_name]


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_every_public_object_is_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"{module_name}.{name} has no docstring"
