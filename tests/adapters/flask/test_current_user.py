"""current_user(): the signed-in user of the request, from the login cookie or a user loader."""

from __future__ import annotations

import portalkit.adapters.flask


def test_the_current_user_is_none_without_a_login_cookie(client: object) -> None:
    from flask.testing import FlaskClient

    assert isinstance(client, FlaskClient)
    with client.application.test_request_context("/"):
        client.application.preprocess_request()
        assert portalkit.adapters.flask.current_user() is None


def test_a_user_loader_fills_the_current_user(tmp_path: object) -> None:
    import attrs

    from portalkit import FixedClock
    from portalkit.adapters.flask import Portal, create_app
    from tests.adapters.flask.conftest import MOMENT

    portal = attrs.evolve(
        Portal.from_config({}, clock=FixedClock(MOMENT)), user_loader=lambda: "erika"
    )
    app = create_app({"ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path)}, portal=portal)
    with app.test_request_context("/"):
        app.preprocess_request()
        assert portalkit.adapters.flask.current_user() == "erika"
