"""The texts of service changes: the summary a customer sees, shared by previews and mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from portalkit._i18n import Language, render
from portalkit.services.model import BookedService, ChangeKind


def text(key: str, language: Language, params: Mapping[str, object]) -> str:
    """Render the text *key* of ``_messages.services.TEXTS`` in *language*."""
    from portalkit._messages.services import TEXTS

    return render(TEXTS[key], language, params)


def summary_params(
    service: BookedService,
    kind: ChangeKind,
    effective: dt.date,
    cutoff: dt.date,
    quantity_before: int | None,
    quantity: int | None,
    pause_until: dt.date | None,
) -> dict[str, object]:
    """Return the parameters of the summary and mail texts; dates stay dates."""
    return {
        "service": service.name,
        "unit": service.unit,
        "kind": str(kind),
        "effective": effective,
        "cutoff": cutoff,
        "quantity_before": quantity_before,
        "quantity": quantity,
        "pause_until": pause_until,
        "last_paused_day": None if pause_until is None else pause_until - dt.timedelta(days=1),
    }


def summary_text(params: Mapping[str, object], language: Language) -> str:
    """Say what changes from when (and until when, for a pause) in *language*."""
    return text(f"summary.{params['kind']}", language, params)
