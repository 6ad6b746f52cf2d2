"""Real boto3 against the simulation, who calls: a simulation plus credentials in any form, or a Sandbox view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import botocore
from botocore.exceptions import NoCredentialsError

from workbench.account.callers import Credentials
from workbench.account.facade import AccountView
from workbench.account.facade_principals import SessionView, UserView
from workbench.account.simulation import Simulation
from workbench.boto.errors import BotoRoutingError

CredentialsInput = Credentials | Mapping[str, Any] | None
"""Our :class:`Credentials`; an STS/IAM response's ``Credentials``/``AccessKey`` dict; boto3-style
``aws_access_key_id``/``aws_secret_access_key``/``aws_session_token`` keys; or None (environment)."""


WhoCalls = UserView | SessionView | AccountView
"""A façade principal or account, as ``workbench.aws(alice)`` takes it instead of a simulation."""


def who_calls(target: object, credentials: CredentialsInput) -> tuple[Simulation, CredentialsInput]:
    """``(simulation, credentials)`` from a simulation, or from a user, session or account of a Sandbox."""
    if isinstance(target, Simulation):
        return target, credentials
    if isinstance(target, (UserView, SessionView, AccountView)) and credentials is not None:
        raise BotoRoutingError(
            "pass credentials only with a Simulation; a user, session or account signs with its own",
            code="boto_credentials_twice",
        )
    if isinstance(target, UserView):
        return target.account.sim, target.credentials()
    if isinstance(target, SessionView):
        return target.account.sim, target.credentials
    if isinstance(target, AccountView):
        return target.sim, target.sim.root_credentials(target.account_id)
    raise BotoRoutingError(
        "aws() takes a Simulation (with credentials), or a user, role session or account of a Sandbox; "
        f"got {type(target).__name__}",
        code="boto_unknown_caller",
    )


def credentials_from(given: CredentialsInput) -> Credentials | None:
    """The session's credentials, from any of the forms a learner has at hand."""
    if given is None or isinstance(given, Credentials):
        return given
    if isinstance(given, Mapping):
        for key_id, secret, token in (
            ("AccessKeyId", "SecretAccessKey", "SessionToken"),
            ("access_key_id", "secret_access_key", "session_token"),
            ("aws_access_key_id", "aws_secret_access_key", "aws_session_token"),
        ):
            if key_id in given and secret in given:
                return Credentials(
                    access_key_id=str(given[key_id]),
                    secret_access_key=str(given[secret]),
                    session_token=str(given[token]) if given.get(token) is not None else None,
                )
    raise BotoRoutingError(
        "credentials must be workbench Credentials, a mapping with AccessKeyId and SecretAccessKey (as STS and "
        f"IAM return them), or None; got {type(given).__name__}",
        code="boto_invalid_credentials",
    )


def signing_credentials(request_signer: Any, context: Mapping[str, Any]) -> Credentials | None:
    """What the client signs with; None for an unsigned request (anonymous)."""
    if context.get("auth_type") == "none" or request_signer.signature_version is botocore.UNSIGNED:
        return None
    found = request_signer._credentials  # botocore keeps no public accessor for the client's credentials
    if found is None:
        raise NoCredentialsError()  # what botocore raises when it comes to sign
    frozen = found.get_frozen_credentials()
    return Credentials(access_key_id=frozen.access_key, secret_access_key=frozen.secret_key, session_token=frozen.token)
