"""AWS Lambda simulated: functions with execution roles, function policies, Invoke."""

from __future__ import annotations

from workbench.services.lambda_.functions import FunctionOperations
from workbench.services.lambda_.invoke import InvokeOperations
from workbench.services.lambda_.permissions import PermissionOperations


class LambdaClient(FunctionOperations, PermissionOperations, InvokeOperations):
    """``sim.client("lambda", credentials)``: boto3's lambda client, simulated.

    The code a function runs is a Python callable registered on the simulation under the
    function's ``Handler`` name: ``register_handler(sim, "app.handler", handler)``.
    """

    service = "lambda"
