"""portalkit.services exports exactly its documented API, documented and with working examples."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

import portalkit.services

PUBLIC = {
    # ports, wiring and use-case values
    "BookedServiceRepository",
    "ChangeRequestNotFoundError",
    "ChangeRequestRepository",
    "ServiceChangeServices",
    "ServiceNotFoundError",
    "ServiceOperatorsOnlyError",
    "ServiceOverview",
    "ServicesUnitOfWork",
    # model
    "BookedService",
    "ChangeKind",
    "ChangeRequest",
    "RequestStatus",
    "ServiceStatus",
    # changes
    "AppliedChanges",
    "ChangePreview",
    "Revision",
    "apply_due",
    "can_still_change",
    "change",
    "preview_change",
    "service_on",
    "submit_change",
    "withdraw",
    # confirmation mails
    "CHANGED_TEMPLATE",
    "MAIL_TEMPLATES",
    "Mail",
    "confirmation_mail",
    # errors
    "AboveMaximumError",
    "BackToBackPauseError",
    "BelowMinimumError",
    "ChangeConflictError",
    "CutoffPassedError",
    "EffectiveDateMovedError",
    "QuantityNotHigherError",
    "QuantityNotLowerError",
    "RequestClosedError",
    "ServiceEndedError",
    "ServicePausedError",
}

MODULES = [
    "portalkit.services.model",
    "portalkit.services.changes",
    "portalkit.services.confirmations",
]


def test_all_is_exactly_the_public_api() -> None:
    assert set(portalkit.services.__all__) == PUBLIC


def test_every_exported_name_exists() -> None:
    missing = [name for name in portalkit.services.__all__ if not hasattr(portalkit.services, name)]
    assert missing == []


def test_every_exported_class_and_function_is_documented() -> None:
    for name in portalkit.services.__all__:
        obj = getattr(portalkit.services, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"portalkit.services.{name} has no docstring"


@pytest.mark.parametrize("module_name", MODULES)
def test_the_examples_in_docstrings_run(module_name: str) -> None:
    result = doctest.testmod(importlib.import_module(module_name))
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    "module_name",
    ["portalkit.services.ports", "portalkit.services.config", "portalkit.services.use_cases"],
)
def test_every_public_object_of_the_use_case_layer_is_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    public = [
        value
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == module_name
    ]
    assert public
    for value in public:
        assert inspect.getdoc(value), value
