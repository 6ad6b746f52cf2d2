"""AWS Lambda simulated (layer 5): functions, execution roles, function policies, Invoke, and S3 event delivery.

Public entry points: ``sim.client("lambda", credentials)`` (the boto3-shaped :class:`LambdaClient`),
:func:`register_handler` (the Python callable a function runs), :func:`put_bucket_notification`
and :func:`deliver_s3_event` (S3 → Lambda notifications, invoked as ``s3.amazonaws.com``).
"""

from workbench.services.lambda_.handlers import register_handler
from workbench.services.lambda_.notification_config import put_bucket_notification
from workbench.services.lambda_.s3_events import S3EventDelivery, deliver_s3_event

__all__ = ["S3EventDelivery", "deliver_s3_event", "put_bucket_notification", "register_handler"]
