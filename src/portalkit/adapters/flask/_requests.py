"""Flask's per-request work that depends only on what the request brings, done once per value.

A browser sends the same ``Cookie`` and ``Accept-Language`` headers with every request of a
visit, and the portal's hooks are the same functions on every request. Werkzeug parses the
cookies and Flask asks :mod:`inspect` whether each hook is a coroutine anew every time; here
each answer is kept, keyed by exactly what the slow way would have looked at, so that it is
the answer the slow way gives. Every store is bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from types import FunctionType
from typing import Any, Final

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.http import parse_set_header
from werkzeug.utils import cached_property
from werkzeug.wrappers import Response

__all__ = ["KEPT", "PortalFlask", "PortalRequest", "add_vary"]

KEPT: Final = 1024
"""At most this many cookie headers, ``Vary`` values and plain hooks kept, each."""

_COOKIES: dict[str, ImmutableMultiDict[str, str]] = {}
_VARY_LISTS: dict[str, frozenset[str]] = {}


class PortalRequest(Request):
    """Flask's request, with the cookies of a ``Cookie`` header parsed once per process."""

    @cached_property
    def cookies(self) -> ImmutableMultiDict[str, str]:
        """The request's cookies, as werkzeug parses them (an immutable, shared mapping)."""
        # The same joined header werkzeug parses; its result cannot be changed, so requests
        # with the same header can share it.
        header = ";".join(self.headers.getlist("Cookie"))
        found = _COOKIES.get(header)
        if found is None:
            found = super().cookies  # werkzeug's own parsing
            if len(_COOKIES) >= KEPT:
                _COOKIES.clear()
            _COOKIES[header] = found
        return found


class PortalFlask(Flask):
    """Flask, with its request class and the answer whether a hook is a coroutine kept."""

    request_class = PortalRequest

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plain_functions: set[Callable[..., Any]] = set()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Return *func* as Flask does; a plain function is recognized by a set look-up.

        Flask calls this for every hook, context processor and view of every request (17
        times for a page), each time with :func:`inspect.iscoroutinefunction`. Only plain
        functions are kept: a function is a coroutine function or not by its code, which
        the portal never swaps.
        """
        if type(func) is FunctionType:
            if func in self._plain_functions:
                return func
            synced = super().ensure_sync(func)
            if synced is func:
                if len(self._plain_functions) >= KEPT:
                    self._plain_functions.clear()
                self._plain_functions.add(func)
            return synced
        return super().ensure_sync(func)


def add_vary(response: Response, names: tuple[str, ...]) -> None:
    """Add *names* to the response's ``Vary`` header, as ``response.vary.update(names)`` does.

    *names* are header names (tokens, which need no quoting), none twice.

    werkzeug parses the header into a set and writes it back on each call; a response without
    the header gets it written at once, one that lists every name already stays as it is.
    """
    headers = response.headers
    current = headers.get("Vary")
    if current is None:
        headers["Vary"] = ", ".join(names)
        return
    listed = _VARY_LISTS.get(current)
    if listed is None:
        listed = frozenset(name.lower() for name in parse_set_header(current))
        if len(_VARY_LISTS) >= KEPT:
            _VARY_LISTS.clear()
        _VARY_LISTS[current] = listed
    if not all(name.lower() in listed for name in names):
        response.vary.update(names)
