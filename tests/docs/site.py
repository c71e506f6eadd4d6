"""Helpers for the documentation tests: the hook modules and the built pages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py``, which MkDocs loads by path rather than as a package."""
    spec = importlib.util.spec_from_file_location(f"_tools_{name}", ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` as the module ``examples_<name>``.

    It is registered in :data:`sys.modules`, because pydantic and FastAPI resolve the
    annotations of the example's classes and endpoints through their module.
    """
    module_name = f"examples_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = ROOT / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def page(site: Path, path: str) -> str:
    """Return the HTML of the page built from ``docs/<path>``."""
    return (site / Path(path).with_suffix("") / "index.html").read_text(encoding="utf-8")
