"""The portal adapter's exported names are exactly its documented API, each documented."""

from __future__ import annotations

import inspect

import portalkit.adapters.flask

PUBLIC = {
    "AccessRequest",
    "AccessRequestReceiver",
    "BaseUrlError",
    "ConsoleMailer",
    "InsecureSecretKeyError",
    "Mailer",
    "Portal",
    "PortalConfigurationError",
    "RenderedMail",
    "SignedIn",
    "SupportStatus",
    "UnknownEnvironmentError",
    "UserLoader",
    "create_app",
    "current_user",
    "external_url",
    "get_portal",
    "login_required",
    "signed_in",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(portalkit.adapters.flask.__all__) == PUBLIC


def test_every_exported_class_and_function_has_a_docstring() -> None:
    for name in portalkit.adapters.flask.__all__:
        obj = getattr(portalkit.adapters.flask, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name


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
