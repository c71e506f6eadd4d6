"""Every form of the portal is in some random-post test: a new form cannot slip past them.

The random-post tests (no 500, nothing half-written) each list the forms they post to. This
test gathers those lists, matches every listed path against the app's URL map, and fails for a
route that takes POST but is listed nowhere, and for a listed path that is no POST route (a
list gone stale after a rename would else test nothing).
"""

from __future__ import annotations

import re

from flask import Flask, url_for
from werkzeug.exceptions import HTTPException

from tests.adapters.flask import (
    test_account_forms,
    test_no_server_errors,
    test_operator_forms,
    test_operator_services,
    test_services_no_server_errors,
    test_ticket_forms,
)

_PLACEHOLDER = re.compile(r"\{[a-z]*\}")


def _posted_paths() -> dict[str, str]:
    """Return each path the random-post tests post to, with the test module that does."""
    found: dict[str, str] = {}

    def add(module: object, paths: object) -> None:
        for path in paths:  # type: ignore[attr-defined]
            # Any id does for the URL map: ids are strings up to 100 characters.
            found[_PLACEHOLDER.sub("some-id", path)] = module.__name__  # type: ignore[attr-defined]

    add(test_no_server_errors, test_no_server_errors.FORMS)
    add(test_account_forms, [*test_account_forms.ANONYMOUS, *test_account_forms.SIGNED_IN])
    add(test_operator_forms, test_operator_forms.FORMS)
    tickets = test_ticket_forms
    add(tickets, ["/tickets/neu", *(f"/tickets/{{ref}}/{step}" for step in tickets.STEPS)])
    add(tickets, [f"/betrieb/tickets/{{ref}}/{step}" for step in tickets.OPERATOR_STEPS])
    services = test_services_no_server_errors
    add(services, [*services.SERVICE_FORMS.values(), *services.CHANGE_FORMS.values()])
    add(test_operator_services, [test_operator_services.BOOKING])
    return found


def _post_endpoint(app: Flask, path: str) -> str | None:
    adapter = app.url_map.bind("127.0.0.1")
    try:
        endpoint, _ = adapter.match(path, method="POST")
    except HTTPException:
        return None
    return str(endpoint)


def test_every_post_route_is_in_a_random_post_test(app: Flask) -> None:
    post_routes = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    covered = {_post_endpoint(app, path) for path in _posted_paths()}
    assert post_routes - covered == set()
    # The operator, ticket, service and account areas all take posts: the check is not empty.
    assert {"auth.logout", "operator.logout", "tickets.create", "services.submit"} <= post_routes


def test_every_path_of_the_random_post_tests_is_a_post_route(app: Flask) -> None:
    stale = {
        path: module for path, module in _posted_paths().items() if not _post_endpoint(app, path)
    }
    assert stale == {}


def test_every_post_route_refuses_a_post_without_the_form_token(app: Flask) -> None:
    # Signed in or not does not matter: CSRFProtect checks before any view or login check.
    client = app.test_client()
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())]
    assert len(posts) > 30
    with app.test_request_context():
        paths = [url_for(rule.endpoint, **dict.fromkeys(rule.arguments, "x")) for rule in posts]
    for path in paths:
        response = client.post(path, data={"csrf_token": "forged"})
        assert response.status_code == 400, path
        assert "Formular ist abgelaufen" in response.get_data(as_text=True), path
