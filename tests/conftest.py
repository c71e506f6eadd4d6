"""Test configuration shared by every test module."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# "fast" for local runs; CI exports HYPOTHESIS_PROFILE=ci for the thorough profile.
settings.register_profile("fast", max_examples=30, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
