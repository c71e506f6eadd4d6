"""The deadline modules export exactly their documented API, documented and with working examples.

``portalkit.calendar`` is shared with the working-day and business-hour modules; this file
checks the names that come from the deadline modules, so each area keeps its own test.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
from types import ModuleType

import pytest

import portalkit.calendar

DEADLINE_MODULES = (
    "portalkit.calendar._instants",
    "portalkit.calendar.lifetimes",
    "portalkit.calendar.quarters",
    "portalkit.calendar.retention",
)

DOCUMENTED = {
    "INACTIVITY_YEARS",
    "LEAD_DAYS",
    "NOTICE_DAYS",
    "PAUSE_MONTHS",
    "DatedDocument",
    "DocumentClass",
    "DuplicateDocumentClassError",
    "LifetimeNotPositiveError",
    "LinkLifetimes",
    "LinkPurpose",
    "NegativePeriodError",
    "NotAQuarterStartError",
    "PauseEndsBeforeStartError",
    "PauseTooLongError",
    "Quarter",
    "Restriction",
    "RetainedDocument",
    "RetentionSchedule",
    "RetentionSplit",
    "UnknownDocumentClassError",
    "UnknownLinkPurposeError",
    "check_pause",
    "effective_quarter_start",
    "inactivity_deadline",
    "is_inactive",
    "meets_submission_deadline",
    "notice_date",
    "pause_limit",
    "submission_deadline",
}


def defined_in_deadline_modules(name: str) -> bool:
    home = getattr(getattr(portalkit.calendar, name), "__module__", None)
    if home is not None:
        return home in DEADLINE_MODULES
    # Constants carry no module of their own: look for the module that defines them.
    return any(name in vars(importlib.import_module(module)) for module in DEADLINE_MODULES)


def test_the_deadline_names_exported_are_exactly_the_documented_ones() -> None:
    exported = {name for name in portalkit.calendar.__all__ if defined_in_deadline_modules(name)}
    assert exported == DOCUMENTED


def test_every_exported_deadline_object_is_documented() -> None:
    for name in sorted(DOCUMENTED):
        obj = getattr(portalkit.calendar, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"{name} has no docstring"


@pytest.mark.parametrize("module_name", DEADLINE_MODULES)
def test_the_examples_in_the_docstrings_hold(module_name: str) -> None:
    module: ModuleType = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
