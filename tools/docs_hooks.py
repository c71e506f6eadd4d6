"""MkDocs hooks: the reference pages of the documentation site, generated from the code.

The pages are written at build time, not committed: a committed copy would go stale the moment a
branch adds a message code or a public name, and would conflict whenever two such branches merge.
Generated, they show exactly what the installed code holds; the tests in ``tests/docs/`` call the
same functions, and ``mkdocs build --strict`` fails on any page that is not in the navigation.

- ``reference/api/<module>.md``: one page per documented module (see :func:`documented_modules`),
  rendering exactly its ``__all__`` with mkdocstrings.
- ``reference/error-codes.md``: every message code with its German and English text and the
  errors that carry it (see :func:`error_codes_page`).
- ``reference/rules.md``: every rule area with the sources (seeds, laws, standards) named in the
  ``References:`` sections of its docstrings (see :func:`rules_page`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import portalkit
import portalkit._messages
from portalkit import PortalkitError, message_catalog
from portalkit.policy import VIOLATION_CODES

API_DIR = "reference/api"
ERROR_CODES_PAGE = "reference/error-codes.md"
RULES_PAGE = "reference/rules.md"
_ADAPTERS = "portalkit.adapters"


def _is_public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def public_modules() -> list[str]:
    """Return the names of every public module of portalkit, packages included, sorted."""
    names = ["portalkit"]
    for info in pkgutil.walk_packages(portalkit.__path__, "portalkit."):
        if _is_public(info.name):
            names.append(info.name)
    return sorted(names)


def documented_modules() -> list[str]:
    """Return the modules that get an API reference page, in navigation order.

    These are ``portalkit`` itself; its public sub-packages (``portalkit.policy``, ...), whose
    inner modules they re-export; its public modules that define ``__all__``
    (``portalkit.testing``); and every module or package in ``portalkit.adapters``.
    """
    found = ["portalkit"]
    for info in pkgutil.iter_modules(portalkit.__path__, "portalkit."):
        if not _is_public(info.name) or info.name == _ADAPTERS:
            continue
        if info.ispkg or hasattr(importlib.import_module(info.name), "__all__"):
            found.append(info.name)
    adapters = importlib.import_module(_ADAPTERS)
    found.extend(
        info.name
        for info in pkgutil.iter_modules(adapters.__path__, f"{_ADAPTERS}.")
        if _is_public(info.name)
    )
    return found


def exported_names(module_name: str) -> list[str]:
    """Return the ``__all__`` of *module_name*; every documented module must define one."""
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None)
    if names is None:
        msg = f"{module_name} has no __all__, so its public API is undefined"
        raise LookupError(msg)
    return list(names)


def api_page_path(module_name: str) -> str:
    """Return the path of *module_name*'s API page below ``docs/``."""
    return f"{API_DIR}/{module_name}.md"


def api_page(module_name: str) -> str:
    """Return the Markdown of *module_name*'s API page: its docstring and every name it exports."""
    members = "\n".join(f"        - {name}" for name in exported_names(module_name))
    return (
        f"# `{module_name}`\n\n"
        f"::: {module_name}\n"
        "    options:\n"
        "      show_root_heading: false\n"
        "      members:\n"
        f"{members}\n"
    )


def public_path(obj: object) -> str | None:
    """Return the documented dotted name of *obj*, or ``None`` if no documented module has it."""
    for module_name in documented_modules():
        module = importlib.import_module(module_name)
        for name in exported_names(module_name):
            if getattr(module, name, None) is obj:
                return f"{module_name}.{name}"
    return None


def _ref(obj: object, fallback: str) -> str:
    path = public_path(obj)
    if path is None:
        return f"`{fallback}`"
    return f"[`{path.rsplit('.', 1)[-1]}`][{path}]"


def import_everything() -> list[ModuleType]:
    """Import every module of portalkit, so that every error class is defined."""
    modules = [portalkit]
    for info in pkgutil.walk_packages(portalkit.__path__, "portalkit."):
        if info.name.rsplit(".", 1)[-1] != "__main__":
            modules.append(importlib.import_module(info.name))
    return modules


def _error_classes() -> Iterator[type[PortalkitError]]:
    pending: list[type[PortalkitError]] = [PortalkitError]
    while pending:
        cls = pending.pop()
        yield cls
        pending.extend(cls.__subclasses__())


def raisers() -> dict[str, list[str]]:
    """Return, for each message code, Markdown links to what carries it.

    An error class carries the code in its ``code`` attribute; a generic error (for example
    :class:`portalkit.ConflictError`) may also be raised with a narrower code, which is found by
    reading the calls in portalkit's source. Password violations are reported, not raised.
    """
    found: dict[str, list[str]] = {}
    catalog = message_catalog()
    modules = import_everything()
    for cls in sorted(_error_classes(), key=lambda cls: cls.__qualname__):
        if "code" in vars(cls):
            found.setdefault(cls.code, []).append(_ref(cls, cls.__qualname__))
    for module in modules:
        for call in _calls_with_a_code(module):
            name, code = call
            cls = getattr(module, name, None)
            if code in catalog and inspect.isclass(cls) and issubclass(cls, PortalkitError):
                entry = _ref(cls, name)
                if entry not in found.setdefault(code, []):
                    found[code].append(entry)
    for code in VIOLATION_CODES:
        found.setdefault(code, []).append(
            "violation of [`PasswordPolicy`][portalkit.policy.PasswordPolicy]"
        )
    return found


def _calls_with_a_code(module: ModuleType) -> Iterator[tuple[str, str]]:
    """Yield (class name, string) for ``Name("string", ...)`` calls and for every string in the
    body of a class, which is how an error class narrows its own code (``code = "..." if ...``).
    """
    try:
        source = inspect.getsource(module)
    except OSError:  # pragma: no cover - a module without source (frozen or compiled)
        return
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.func.id, node.args[0].value
        elif isinstance(node, ast.ClassDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    yield node.name, inner.value


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def message_areas() -> list[tuple[str, str, list[str]]]:
    """Return each area of the catalog as (name, summary, codes), in the catalog's order."""
    areas: list[tuple[str, str, list[str]]] = []
    for info in pkgutil.iter_modules(portalkit._messages.__path__):
        module = importlib.import_module(f"portalkit._messages.{info.name}")
        summary = (module.__doc__ or "").strip().splitlines()[0]
        areas.append((info.name, summary, list(module.MESSAGES)))
    return areas


def error_codes_page() -> str:
    """Return the Markdown table of every message code with its German and English text."""
    catalog = message_catalog()
    carriers = raisers()
    lines = [
        "# Message codes",
        "",
        "Every code portalkit reports, with its German and English text. Errors carry the code "
        "in `error.code` and render the text with `error.message(language)`; placeholders in "
        "braces are filled from `error.params`. This page is generated from "
        "`portalkit.message_catalog()` and the error classes each time the site is built.",
        "",
    ]
    listed: set[str] = set()
    for name, summary, codes in message_areas():
        lines += [f"## {name.capitalize()}", "", summary, ""]
        lines += ["| Code | Deutsch | English | Carried by |", "| --- | --- | --- | --- |"]
        for code in codes:
            message = catalog[code]
            by = ", ".join(carriers.get(code, [])) or "text only"
            lines.append(f"| `{code}` | {_cell(message.de)} | {_cell(message.en)} | {by} |")
            listed.add(code)
        lines.append("")
    missing = sorted(catalog.keys() - listed)
    if missing:  # pragma: no cover - the catalog is merged from exactly these areas
        msg = f"codes in no message area: {missing}"
        raise LookupError(msg)
    return "\n".join(lines)


def references_of(obj: object) -> str | None:
    """Return the ``References:`` section of *obj*'s docstring as one line, or ``None``."""
    doc = inspect.cleandoc(getattr(obj, "__doc__", None) or "")
    lines = doc.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "References:":
            block: list[str] = []
            for item in lines[index + 1 :]:
                if item.strip() and not item.startswith((" ", "\t")):
                    break
                block.append(item)
            text = " ".join(textwrap.dedent("\n".join(block)).split())
            return text or None
    return None


def _own_members(module: ModuleType) -> Iterator[tuple[str, object]]:
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        yield name, obj
        if inspect.isclass(obj):
            for member_name, member in vars(obj).items():
                # Methods and properties only: data members (enum values among them) would
                # repeat their class's docstring.
                function = getattr(member, "__func__", getattr(member, "fget", member))
                if not member_name.startswith("_") and inspect.isfunction(function):
                    yield f"{name}.{member_name}", function


def rule_sources() -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    """Return each module with its own and its objects' ``References:``.

    Each entry is (module name, the module's references, [(object, references)]). Private
    modules count with the objects that a documented module exports (a package may define its
    public functions in a private module); modules without any reference are left out.
    """
    areas: list[tuple[str, str | None, list[tuple[str, str]]]] = []
    modules = sorted(import_everything(), key=lambda module: module.__name__)
    # The rules first, then the adapters that implement their ports.
    for module in sorted(modules, key=lambda module: _ADAPTERS in module.__name__):
        public = _is_public(module.__name__)
        rows = [
            (name, refs)
            for name, obj in _own_members(module)
            if (public or public_path(getattr(module, name.partition(".")[0])) is not None)
            and (refs := references_of(obj)) is not None
        ]
        own = references_of(module) if public else None
        if own or rows:
            areas.append((module.__name__, own, rows))
    return areas


def _object_ref(module_name: str, name: str) -> str:
    head, _, rest = name.partition(".")
    module = importlib.import_module(module_name)
    path = public_path(getattr(module, head))
    if path is None:
        return f"`{name}`"
    target = f"{path}.{rest}" if rest else path
    return f"[`{name}`][{target}]"


def rules_page() -> str:
    """Return the Markdown page of every rule area and its sources."""
    lines = [
        "# Rules and their sources",
        "",
        "Each rule names where it comes from in the `References:` section of its docstring: a "
        "seed (the original German portal pages 000–004), a law (HGB, AO, GDPR), a standard "
        "(NIST SP 800-63B, RFC 9106, ISO 7064) or a section of the domain notes. This page "
        "gathers them from the code each time the site is built.",
        "",
    ]
    for module_name, own, rows in rule_sources():
        module = importlib.import_module(module_name)
        summary = (module.__doc__ or "").strip().splitlines()[0]
        lines += [f"## `{module_name}`", "", summary, ""]
        if own:
            lines += [f"Sources of the area: {own}", ""]
        if rows:
            lines += ["| Rule | Sources |", "| --- | --- |"]
            lines += [
                f"| {_object_ref(module_name, name)} | {_cell(refs)} |" for name, refs in rows
            ]
            lines.append("")
    return "\n".join(lines)


def generated_pages() -> dict[str, str]:
    """Return every generated page by its path below ``docs/``."""
    pages = {api_page_path(name): api_page(name) for name in documented_modules()}
    pages[ERROR_CODES_PAGE] = error_codes_page()
    pages[RULES_PAGE] = rules_page()
    return pages


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the site (an MkDocs event hook)."""
    from mkdocs.structure.files import File

    for path, content in generated_pages().items():
        if files.get_file_from_path(path) is not None:
            msg = f"docs/{path} is generated; delete the file from docs/"
            raise FileExistsError(msg)
        files.append(File.generated(config, path, content=content))
    return files


if __name__ == "__main__":  # pragma: no cover - a preview for authors: python tools/docs_hooks.py
    for path, content in generated_pages().items():
        print(f"===== {Path(path)} =====\n{content}")
