"""AWS Lambda simulated: functions with execution roles, function policies, Invoke."""

from __future__ import annotations

from workbench.account.service import ServiceClient


class LambdaClient(ServiceClient):
    """``sim.client("lambda", credentials)``: boto3's lambda client, simulated."""

    service = "lambda"
