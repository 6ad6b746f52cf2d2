"""Real boto3 against the simulation, the routing: botocore's events answered by the simulation, never the network."""

from __future__ import annotations

from typing import Any

from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel

from workbench.account.clients import CLIENTS
from workbench.account.errors import AwsError
from workbench.account.simulation import Simulation
from workbench.boto.callers import signing_credentials
from workbench.boto.errors import (
    BotoRoutingError,
    NetworkBlockedError,
    SessionClosedError,
    UnsupportedOperationError,
    UnsupportedServiceError,
)
from workbench.boto.wire import error_response, plain, request_id_of, success_response

_PARAMS = "workbench_api_params"
"""Where the caller's own parameters wait in botocore's request ``context`` between the two events."""


class Router:
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
        context[_PARAMS] = plain(params)

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
            signing_credentials(request_signer, context),
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
            return error_response(error, model, url, request_id_of(self.sim, logged))
        return success_response(answer, model, url)

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
