"""API façade (layer 7): a learner's own boto3 code, served in-process by the simulation through botocore's events.

``with workbench.boto.aws(sim, credentials) as session:`` yields a real ``boto3.Session``. Its
clients are botocore's own: they validate parameters, resolve endpoints, build the request, run
waiters and paginators, and raise botocore's ``ClientError`` (and the modeled
``client.exceptions.NoSuchEntityException``…) exactly as against AWS. Only the HTTP exchange is
replaced, by three handlers on the session's event system:

1. ``before-parameter-build.*.*`` (first): keep a copy of the caller's own parameters in the
   request ``context``, before botocore's handlers rewrite them for the wire (bodies to streams,
   SSE-C keys to base64, ``EncodingType=url`` added to S3 listings…).
2. ``before-call.*.*`` (last, so a ``Stubber`` still wins): call ``sim.client(service,
   credentials, …)`` with the credentials the client signs with and answer
   ``(http_response, parsed_response)``, which makes botocore skip sending. An ``AwsError`` becomes
   ``{"Error": {"Code", "Message"}, "ResponseMetadata": {"HTTPStatusCode": ≥ 300}}``, from which
   botocore raises its own exception class for that code.
3. ``before-send`` (first): a tripwire. Reaching it means the routing was bypassed; it raises
   :class:`NetworkBlockedError` instead of letting the request out. No request ever leaves the process.

The session never reads the machine's AWS setup: config and credentials files point nowhere, the
profile and ``AWS_DEFAULTS_MODE`` are pinned, credentials come only from the arguments, the
client, or ``AWS_ACCESS_KEY_ID``-style environment variables, and models only from what botocore
and boto3 ship (not ``~/.aws/models``). Waiters poll without sleeping: the simulation is
consistent at once, so waiting longer never changes an answer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import botocore.session
from botocore.credentials import CredentialResolver, EnvProvider
from botocore.tokens import TokenProviderChain

from workbench.account.authorization import Connection
from workbench.account.callers import Credentials
from workbench.account.simulation import Simulation
from workbench.boto.callers import CredentialsInput, WhoCalls, credentials_from, who_calls
from workbench.boto.errors import (
    BotoRoutingError,
    NetworkBlockedError,
    SessionClosedError,
    UnsupportedOperationError,
    UnsupportedServiceError,
)
from workbench.boto.loader import shared_loader
from workbench.boto.router import Router

__all__ = [
    "BotoRoutingError",
    "NetworkBlockedError",
    "SessionClosedError",
    "SimulatedSession",
    "UnsupportedOperationError",
    "UnsupportedServiceError",
    "aws",
    "session",
]

_DEFAULT_CONNECTION = Connection()
_NOWHERE = os.path.join(os.devnull, "aws-config")
"""A path that cannot exist (under a device file), for the config and credentials files."""
_PINNED_SESSION_VARIABLES = {
    # name: (config file key, environment variable, value, converter) — no file, no environment.
    "profile": (None, None, None, None),
    "config_file": (None, None, _NOWHERE, None),
    "credentials_file": (None, None, _NOWHERE, None),
    "data_path": (None, None, None, None),
    "defaults_mode": (None, None, "legacy", None),  # "auto" would ask the EC2 metadata service
}


class SimulatedSession(boto3.Session):
    """A real ``boto3.Session`` whose clients (and resources) are answered by a :class:`Simulation`."""

    def __init__(self, router: Router, core: botocore.session.Session, credentials: Credentials | None, region: str):
        super().__init__(
            aws_access_key_id=credentials.access_key_id if credentials else None,
            aws_secret_access_key=credentials.secret_access_key if credentials else None,
            aws_session_token=credentials.session_token if credentials else None,
            region_name=region,
            botocore_session=core,
        )
        self._router = router

    @property
    def simulation(self) -> Simulation:
        return self._router.sim

    @property
    def closed(self) -> bool:
        return self._router.closed

    def client(self, service_name: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """boto3's ``Session.client``, refusing at once a service the simulation does not have."""
        self._router.check_open(f"create a {service_name!r} client")
        self._router.check_service(service_name)
        return super().client(service_name, *args, **kwargs)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"SimulatedSession(region_name={self.region_name!r}, {state})"


def session(
    sim: Simulation | WhoCalls,
    credentials: CredentialsInput = None,
    *,
    region: str = "us-east-1",
    source_ip: str | None = _DEFAULT_CONNECTION.source_ip,
    secure_transport: bool = True,
    via_vpc_endpoint: str | None = None,
) -> SimulatedSession:
    """A ``boto3.Session`` served by ``sim`` in-process, signing with ``credentials``.

    ``credentials`` None: the clients use what they are given (``session.client("s3",
    aws_access_key_id=…)``) or ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``/``AWS_SESSION_TOKEN``.
    ``source_ip``, ``secure_transport`` and ``via_vpc_endpoint`` say where the calls come from
    (``aws:SourceIp``, ``aws:SecureTransport``, ``aws:SourceVpce``); a client made with
    ``use_ssl=False`` or an ``http://`` endpoint calls without TLS whatever ``secure_transport`` says.

    Instead of a simulation and credentials, pass who calls: a user or role session of a
    :class:`~workbench.account.facade.Sandbox` (its credentials), or an account (its root user's).
    """
    sim, credentials = who_calls(sim, credentials)
    signing = credentials_from(credentials)
    router = Router(sim, source_ip=source_ip, secure_transport=secure_transport, via_vpc_endpoint=via_vpc_endpoint)
    core = botocore.session.Session(session_vars=_PINNED_SESSION_VARIABLES)
    core.register_component("data_loader", shared_loader())
    core.register_component("credential_provider", CredentialResolver([EnvProvider()]))
    core.register_component("token_provider", TokenProviderChain([]))
    router.register(core.get_component("event_emitter"))
    return SimulatedSession(router, core, signing, region)


@contextmanager
def aws(
    sim: Simulation | WhoCalls,
    credentials: CredentialsInput = None,
    *,
    region: str = "us-east-1",
    source_ip: str | None = _DEFAULT_CONNECTION.source_ip,
    secure_transport: bool = True,
    via_vpc_endpoint: str | None = None,
    as_default: bool = True,
) -> Iterator[SimulatedSession]:
    """``with aws(sim, credentials) as session:`` — :func:`session` for the length of a block.

    ``as_default``: inside the block, boto3's module-level ``boto3.client(...)``/``boto3.resource(...)``
    use this session too (``boto3.DEFAULT_SESSION``, restored on exit), so code written for the real
    AWS runs unchanged. When the block ends the session closes: its clients raise
    :class:`SessionClosedError` rather than answer.
    """
    simulated = session(
        sim,
        credentials,
        region=region,
        source_ip=source_ip,
        secure_transport=secure_transport,
        via_vpc_endpoint=via_vpc_endpoint,
    )
    previous = boto3.DEFAULT_SESSION
    if as_default:
        boto3.DEFAULT_SESSION = simulated
    try:
        yield simulated
    finally:
        simulated._router.closed = True
        if as_default:
            boto3.DEFAULT_SESSION = previous
