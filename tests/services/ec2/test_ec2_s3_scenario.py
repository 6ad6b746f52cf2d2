"""Scenario: an application on EC2 reads a bucket through its instance profile — no static keys, rotating credentials.

An administrator puts the app's role in an instance profile and launches the instance with it
(passing the role needs ``iam:PassRole`` to EC2). Code on the instance asks the metadata service
for credentials, as the AWS SDKs do; they are the role's, temporary, and rotate as the clock moves.
"""

from __future__ import annotations

from typing import Any

import pytest
from ec2_support import EC2_TRUST, A, allow, launch, put_profile, put_role, put_user

from workbench.account.simulation import Simulation
from workbench.services.ec2 import InstanceClients, instance_metadata, run_on_instance

REPORTS = "arn:aws:s3:::reports"
TO_EC2 = {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}


def read_report(clients: InstanceClients) -> dict[str, Any]:
    """The application: read today's report with whatever credentials the instance provides."""
    s3 = clients("s3")
    body = s3.get_object(Bucket="reports", Key="today.csv")["Body"].read()
    return {"body": body, "key": s3.credentials.access_key_id}


@pytest.fixture
def app(sim: Simulation) -> str:
    """Bucket ``reports`` with one object; role ``report-reader`` (read only) in profile ``reporting``; an instance."""
    root = sim.root_credentials(A)
    s3 = sim.client("s3", root)
    s3.create_bucket(Bucket="reports")
    s3.put_object(Bucket="reports", Key="today.csv", Body=b"day,total\nmon,42\n")
    put_role(sim, A, "report-reader", [EC2_TRUST], allow("s3:GetObject", f"{REPORTS}/*"))
    put_profile(sim, A, "reporting", "report-reader")
    admin = put_user(
        sim,
        A,
        "admin",
        allow("ec2:*"),
        allow("iam:PassRole", f"arn:aws:iam::{A}:role/report-reader", Condition=TO_EC2),
    )
    return str(launch(sim.client("ec2", admin), IamInstanceProfile={"Name": "reporting"})["InstanceId"])


def test_the_app_reads_the_bucket_as_the_instance_role(sim: Simulation, app: str) -> None:
    result = run_on_instance(sim, app, read_report)
    assert result["body"] == b"day,total\nmon,42\n"
    assert result["key"].startswith("ASIA")  # temporary credentials, never an AKIA access key
    (read,) = sim.activity.query(action="s3:GetObject", principal_arn=f"arn:aws:iam::{A}:role/report-reader")
    assert read.principal_arn == f"arn:aws:sts::{A}:assumed-role/report-reader/{app}"
    assert (
        read.principal_type == "AssumedRole" and read.source_ip is not None and read.source_ip.startswith("198.51.100.")
    )
    assert all(not user.access_keys for user in sim.state.accounts[A].users.values() if user.name != "admin")


def test_the_role_only_reads(sim: Simulation, app: str) -> None:
    def overwrite(clients: InstanceClients) -> None:
        clients("s3").put_object(Bucket="reports", Key="today.csv", Body=b"tampered")

    with pytest.raises(Exception) as raised:
        run_on_instance(sim, app, overwrite)
    assert raised.value.response["Error"]["Code"] == "AccessDenied"


def test_credentials_rotate_and_the_app_keeps_working(sim: Simulation, app: str) -> None:
    keys = [run_on_instance(sim, app, read_report)["key"]]
    for _ in range(4):  # every three hours, for twelve hours: each set is valid for six
        sim.clock.advance(hours=3)
        keys.append(run_on_instance(sim, app, read_report)["key"])
    first, second, third = dict.fromkeys(keys)
    assert keys == [first, first, second, second, third]
    assert {sim.state.sessions[k].role_name for k in keys} == {"report-reader"}


def test_the_metadata_credentials_work_in_any_client(sim: Simulation, app: str) -> None:
    credentials = instance_metadata(sim, app).client_credentials()
    assert sim.client("s3", credentials).get_object(Bucket="reports", Key="today.csv")["Body"].read()
