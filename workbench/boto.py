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

import copy
import functools
import http.client
import io
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from typing import Any
from urllib.parse import quote

import boto3
import botocore
import botocore.session
from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.credentials import CredentialResolver, EnvProvider
from botocore.exceptions import NoCredentialsError
from botocore.loaders import Loader
from botocore.model import OperationModel, Shape
from botocore.response import StreamingBody
from botocore.tokens import TokenProviderChain

from workbench.account.authorization import Connection
from workbench.account.callers import Credentials
from workbench.account.clients import CLIENTS
from workbench.account.errors import AwsError
from workbench.account.facade import AccountView
from workbench.account.facade_principals import SessionView, UserView
from workbench.account.simulation import Simulation
from workbench.errors import WorkbenchError

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

CredentialsInput = Credentials | Mapping[str, Any] | None
"""Our :class:`Credentials`; an STS/IAM response's ``Credentials``/``AccessKey`` dict; boto3-style
``aws_access_key_id``/``aws_secret_access_key``/``aws_session_token`` keys; or None (environment)."""

_DEFAULT_CONNECTION = Connection()
_PARAMS = "workbench_api_params"
"""Where the caller's own parameters wait in botocore's request ``context`` between the two events."""
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


# -- errors ------------------------------------------------------------------------------------------
class BotoRoutingError(WorkbenchError):
    """A boto3 call the simulation cannot serve (never an AWS error: those are botocore's ``ClientError``)."""

    code = "boto_routing_error"


class UnsupportedServiceError(BotoRoutingError, ValueError):
    """A client for a service the simulation does not have."""

    code = "boto_unsupported_service"


class UnsupportedOperationError(BotoRoutingError, NotImplementedError):
    """An operation of a simulated service that the simulation does not implement (yet)."""

    code = "boto_unsupported_operation"


class SessionClosedError(BotoRoutingError, RuntimeError):
    """A call through a session whose ``with workbench.boto.aws(...)`` block has ended."""

    code = "boto_session_closed"


class NetworkBlockedError(BotoRoutingError, RuntimeError):
    """A request reached botocore's HTTP layer: refused, so that nothing ever leaves the process."""

    code = "boto_network_blocked"


# -- public entry points -----------------------------------------------------------------------------
class SimulatedSession(boto3.Session):
    """A real ``boto3.Session`` whose clients (and resources) are answered by a :class:`Simulation`."""

    def __init__(self, router: _Router, core: botocore.session.Session, credentials: Credentials | None, region: str):
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
    sim, credentials = _who_calls(sim, credentials)
    signing = _credentials(credentials)
    router = _Router(sim, source_ip=source_ip, secure_transport=secure_transport, via_vpc_endpoint=via_vpc_endpoint)
    core = botocore.session.Session(session_vars=_PINNED_SESSION_VARIABLES)
    core.register_component("data_loader", _shared_loader())
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


# -- the routing -------------------------------------------------------------------------------------
class _Router:
    """The event handlers of one simulated session, and where its calls come from."""

    def __init__(self, sim: Simulation, *, source_ip: str | None, secure_transport: bool, via_vpc_endpoint: str | None):
        self.sim = sim
        self.source_ip = source_ip
        self.secure_transport = secure_transport
        self.via_vpc_endpoint = via_vpc_endpoint
        self.closed = False

    def register(self, events: Any) -> None:
        events.register_first("before-parameter-build.*.*", self.keep_params, unique_id="workbench-keep-params")
        events.register_last("before-call.*.*", self.answer, unique_id="workbench-answer")
        events.register_first("before-send", self.refuse_to_send, unique_id="workbench-no-network")

    # -- checks ------------------------------------------------------------------------------------
    def check_open(self, doing: str) -> None:
        if self.closed:
            raise SessionClosedError(
                f"Cannot {doing}: this boto3 session belonged to a `with workbench.boto.aws(...)` block that has "
                "ended. Make the calls inside the block, or use workbench.boto.session(...) for a session that stays "
                "open."
            )

    @staticmethod
    def check_service(service: str) -> None:
        if service not in CLIENTS:
            raise UnsupportedServiceError(
                f"The simulation has no {service!r} service; it simulates: {', '.join(sorted(CLIENTS))}. "
                "Nothing was sent to AWS."
            )

    # -- handlers ----------------------------------------------------------------------------------
    def keep_params(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        """``before-parameter-build``: the caller's own parameters, before botocore rewrites them."""
        context[_PARAMS] = _plain(params)

    def answer(
        self,
        model: OperationModel,
        params: dict[str, Any],
        request_signer: Any,
        context: dict[str, Any],
        **_: Any,
    ) -> tuple[AWSResponse, dict[str, Any]]:
        """``before-call``: serve the call from the simulation; the returned pair stops botocore sending it."""
        self.check_open(f"call {model.name}")
        service = model.service_model.service_name
        self.check_service(service)
        url = str(params.get("url", ""))
        client = self.sim.client(
            service,
            _signing_credentials(request_signer, context),
            region=context.get("client_region") or "us-east-1",
            source_ip=self.source_ip,
            secure_transport=self.secure_transport and not url.startswith("http:"),
            via_vpc_endpoint=self.via_vpc_endpoint,
        )
        method = _operation_method(client, model)
        api_params = context.get(_PARAMS)
        if api_params is None:
            raise BotoRoutingError(f"{model.name}: the call's parameters were not captured (was a handler removed?)")
        logged = len(self.sim.activity)
        try:
            answer = method(**api_params)
        except AwsError as error:
            return _error_response(error, model, url, _request_id(self.sim, logged))
        return _success_response(answer, model, url)

    @staticmethod
    def refuse_to_send(request: Any = None, event_name: str = "before-send", **_: Any) -> None:
        """``before-send``: the last moment before botocore's HTTP layer; a simulated session never gets there."""
        where = f" {request.method} {request.url}" if request is not None else ""
        raise NetworkBlockedError(
            f"Refused to send{where} ({event_name}): a simulated session never uses the network. The request "
            "got past the simulation's before-call handler, so that handler was removed or bypassed."
        )


def _operation_method(client: Any, model: OperationModel) -> Any:
    method = getattr(client, xform_name(model.name), None)
    if getattr(method, "aws_operation", None) != model.name:
        service = model.service_model.service_name
        implemented = sorted(
            name for name in dir(type(client)) if getattr(getattr(type(client), name), "aws_operation", None)
        )
        listing = ", ".join(implemented) if implemented else "none yet"
        raise UnsupportedOperationError(
            f"The simulated {service} service does not implement {model.name} "
            f"({service}.{xform_name(model.name)}); it implements: {listing}. Nothing was sent to AWS."
        )
    return method


# -- credentials -------------------------------------------------------------------------------------
WhoCalls = UserView | SessionView | AccountView
"""A façade principal or account, as ``workbench.aws(alice)`` takes it instead of a simulation."""


def _who_calls(target: object, credentials: CredentialsInput) -> tuple[Simulation, CredentialsInput]:
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


def _credentials(given: CredentialsInput) -> Credentials | None:
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


def _signing_credentials(request_signer: Any, context: Mapping[str, Any]) -> Credentials | None:
    """What the client signs with; None for an unsigned request (anonymous)."""
    if context.get("auth_type") == "none" or request_signer.signature_version is botocore.UNSIGNED:
        return None
    found = request_signer._credentials  # botocore keeps no public accessor for the client's credentials
    if found is None:
        raise NoCredentialsError()  # what botocore raises when it comes to sign
    frozen = found.get_frozen_credentials()
    return Credentials(access_key_id=frozen.access_key, secret_access_key=frozen.secret_key, session_token=frozen.token)


# -- responses ---------------------------------------------------------------------------------------
def _success_response(answer: Mapping[str, Any], model: OperationModel, url: str) -> tuple[AWSResponse, dict]:
    parsed = _plain(answer)
    metadata = parsed.setdefault("ResponseMetadata", {})
    metadata.setdefault("HTTPStatusCode", 200)
    metadata.setdefault("HTTPHeaders", {})
    metadata.setdefault("RetryAttempts", 0)
    if model.output_shape is not None and model.service_model.service_name == "iam":
        _encode_policy_documents(parsed, model.output_shape)
    if model.has_streaming_output:
        payload = model.output_shape.serialization.get("payload") if model.output_shape is not None else None
        body = parsed.get(payload) if payload else None
        if isinstance(body, bytes | bytearray | str):
            data = body.encode() if isinstance(body, str) else bytes(body)
            parsed[payload] = StreamingBody(io.BytesIO(data), len(data))  # type: ignore[index]
    return AWSResponse(url, metadata["HTTPStatusCode"], metadata["HTTPHeaders"], None), parsed


def _error_response(
    error: AwsError, model: OperationModel, url: str, request_id: str | None
) -> tuple[AWSResponse, dict]:
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 400)
    status = status if status >= 300 else 400
    detail = dict(error.response.get("Error", {}))
    detail.setdefault("Code", error.aws_code)
    detail.setdefault("Message", error.message)
    if model.http.get("method") == "HEAD":
        # A HEAD answer has no body, so botocore only ever sees the status: Code "404", Message "Not Found".
        detail = {"Code": str(status), "Message": http.client.responses.get(status, "")}
    metadata: dict[str, Any] = {"HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0}
    if request_id:
        metadata = {"RequestId": request_id, **metadata}
    return AWSResponse(url, status, {}, None), {"Error": detail, "ResponseMetadata": metadata}


def _encode_policy_documents(parsed: Any, shape: Shape) -> None:
    """IAM's policy documents as on the wire (URL-encoded JSON): botocore's ``after-call.iam`` decodes them once.

    The exact inverse of ``botocore.handlers.json_decode_policies`` (structures and lists, not maps), for
    answers that already hold dicts: decoding a dict again would fail inside botocore.
    """
    if shape.type_name == "structure" and isinstance(parsed, dict):
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            if name not in parsed:
                continue
            if member.type_name == "string" and member.name == "policyDocumentType":
                if isinstance(parsed[name], Mapping):
                    parsed[name] = quote(json.dumps(parsed[name]))
            else:
                _encode_policy_documents(parsed[name], member)
    elif shape.type_name == "list" and isinstance(parsed, list):
        for item in parsed:
            _encode_policy_documents(item, shape.member)  # type: ignore[attr-defined]


def _request_id(sim: Simulation, logged_before: int) -> str | None:
    """The failed call's request id, from the activity log entry the call just wrote (if it wrote one)."""
    if len(sim.activity) != logged_before + 1:
        return None
    return next(islice(sim.activity, logged_before, None)).request_id


def _plain(value: Any) -> Any:
    """Fresh dicts and lists all the way down (tuples become lists, as botocore parses them); leaves shared."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


# -- botocore's data, shared by every simulated session ----------------------------------------------
class _SearchPaths(list[str]):
    """boto3 appends its data path to the loader on every new Session; a shared loader keeps one copy."""

    def append(self, path: str) -> None:
        if path not in self:
            super().append(path)


class _SimulationLoader(Loader):
    """botocore's loader over the models botocore and boto3 ship; waiters poll without sleeping."""

    def load_service_model(self, service_name: str, type_name: str, api_version: str | None = None) -> Any:
        loaded = super().load_service_model(service_name, type_name, api_version)
        if type_name != "waiters-2":
            return loaded
        waiters = copy.deepcopy(loaded)
        for waiter in waiters.get("waiters", {}).values():
            waiter["delay"] = 0
        return waiters


@functools.cache
def _shared_loader() -> Loader:
    """One loader for all simulated sessions: botocore's JSON models are parsed once per process."""
    return _SimulationLoader(
        extra_search_paths=_SearchPaths([Loader.BUILTIN_DATA_PATH]), include_default_search_paths=False
    )
