"""Account-level Block Public Access (S3 Control) and how the four settings act on buckets and callers."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from s3_support import (
    OTHER,
    OWNER,
    allow,
    assert_boto3_shape,
    error_code,
    error_message,
    error_status,
    policy_text,
    public_read,
    put_user,
)

from workbench.account.simulation import Simulation
from workbench.services.s3.s3control import (
    delete_account_public_access_block,
    get_account_public_access_block,
    put_account_public_access_block,
    s3control_client,
)
from workbench.services.state import PublicAccessBlock

BLOCK_POLICY = {"BlockPublicPolicy": True}
RESTRICT = {"RestrictPublicBuckets": True}


@pytest.fixture
def public_bucket(s3: Any, bucket: str) -> str:
    """``reports`` made public: its own Block Public Access removed, a public-read policy in place."""
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    return bucket


def test_account_block_round_trip(sim: Simulation) -> None:
    root = sim.root_credentials(OWNER)
    with pytest.raises(ClientError) as raised:
        get_account_public_access_block(sim, root, OWNER)
    assert (error_code(raised), error_status(raised)) == ("NoSuchPublicAccessBlockConfiguration", 404)
    put_account_public_access_block(sim, root, OWNER, BLOCK_POLICY)
    got = get_account_public_access_block(sim, root, OWNER)
    assert_boto3_shape("GetPublicAccessBlock", got, service="s3control")
    assert got["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": False,
        "IgnorePublicAcls": False,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": False,
    }
    put_account_public_access_block(sim, root, OWNER, PublicAccessBlock(restrict_public_buckets=True))
    assert sim.state.services.account_public_access_blocks[OWNER] == PublicAccessBlock(restrict_public_buckets=True)
    delete_account_public_access_block(sim, root, OWNER)
    assert OWNER not in sim.state.services.account_public_access_blocks


def test_account_block_needs_permission_and_the_callers_own_account(sim: Simulation) -> None:
    nobody = put_user(sim, OWNER, "nobody")
    with pytest.raises(ClientError) as raised:
        put_account_public_access_block(sim, nobody, OWNER, BLOCK_POLICY)
    assert error_code(raised) == "AccessDenied"
    assert "s3:PutAccountPublicAccessBlock" in error_message(raised)
    admin = put_user(sim, OWNER, "admin", allow(["s3:PutAccountPublicAccessBlock", "s3:GetAccountPublicAccessBlock"]))
    put_account_public_access_block(sim, admin, OWNER, BLOCK_POLICY)
    with pytest.raises(ClientError) as raised:
        s3control_client(sim, admin).get_public_access_block(AccountId=OTHER)
    assert error_code(raised) == "AccessDenied"


def test_account_block_public_policy_refuses_new_public_policies(sim: Simulation, s3: Any, bucket: str) -> None:
    s3.delete_public_access_block(Bucket=bucket)
    put_account_public_access_block(sim, sim.root_credentials(OWNER), OWNER, BLOCK_POLICY)
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_policy(Bucket=bucket, Policy=public_read(bucket))
    assert error_code(raised) == "AccessDenied"
    assert "account level" in error_message(raised)


def test_block_public_policy_leaves_stored_policies_alone(sim: Simulation, public_bucket: str, anonymous: Any) -> None:
    put_account_public_access_block(sim, sim.root_credentials(OWNER), OWNER, BLOCK_POLICY)
    assert anonymous.get_object(Bucket=public_bucket, Key="q1.csv")["Body"].read() == b"a,b\n1,2\n"


def test_restrict_public_buckets_cuts_off_anonymous_and_cross_account_callers(
    sim: Simulation, s3: Any, public_bucket: str, anonymous: Any, user_s3: Any
) -> None:
    partner = user_s3("partner", allow("s3:GetObject"), account=OTHER)
    insider = user_s3("insider")
    assert partner.get_object(Bucket=public_bucket, Key="q1.csv")["ContentLength"] == 8
    assert insider.get_object(Bucket=public_bucket, Key="q1.csv")["ContentLength"] == 8
    put_account_public_access_block(sim, sim.root_credentials(OWNER), OWNER, RESTRICT)
    for outsider in (anonymous, partner):
        with pytest.raises(ClientError) as raised:
            outsider.get_object(Bucket=public_bucket, Key="q1.csv")
        assert (error_code(raised), error_message(raised)) == ("AccessDenied", "Access Denied")
    # the owner's own principals keep what the (public) policy grants them
    assert insider.get_object(Bucket=public_bucket, Key="q1.csv")["ContentLength"] == 8
    assert s3.get_bucket_policy_status(Bucket=public_bucket)["PolicyStatus"]["IsPublic"] is True


def test_restrict_public_buckets_also_blocks_named_accounts_in_a_public_policy(
    sim: Simulation, s3: Any, bucket: str, user_s3: Any
) -> None:
    s3.delete_public_access_block(Bucket=bucket)
    mixed = policy_text(
        allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*", Principal={"AWS": OTHER}),
        allow("s3:GetObject", f"arn:aws:s3:::{bucket}/q2.csv", Principal="*"),
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=mixed)
    partner = user_s3("partner", allow("s3:GetObject"), account=OTHER)
    partner.get_object(Bucket=bucket, Key="q1.csv")
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=RESTRICT)
    with pytest.raises(ClientError):
        partner.get_object(Bucket=bucket, Key="q1.csv")
    # once the policy is no longer public, the named account's grant works again
    s3.put_bucket_policy(
        Bucket=bucket, Policy=policy_text(allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*", Principal={"AWS": OTHER}))
    )
    partner.get_object(Bucket=bucket, Key="q1.csv")


def test_restrict_public_buckets_keeps_the_policys_denies(sim: Simulation, s3: Any, bucket: str, user_s3: Any) -> None:
    s3.delete_public_access_block(Bucket=bucket)
    policy = policy_text(
        allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*", Principal="*"),
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": f"arn:aws:s3:::{bucket}/*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=policy)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=RESTRICT)
    plain_http = sim.client("s3", sim.root_credentials(OWNER), secure_transport=False)
    with pytest.raises(ClientError) as raised:
        plain_http.get_object(Bucket=bucket, Key="q1.csv")
    assert "explicit deny in a resource-based policy" in error_message(raised)


def test_s3control_client_through_sim_client_once_registered(sim: Simulation, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.account import clients
    from workbench.services.s3.s3control import S3ControlClient

    monkeypatch.setitem(clients.CLIENTS, "s3control", S3ControlClient)
    control = sim.client("s3control", sim.root_credentials(OWNER))
    control.put_public_access_block(AccountId=OWNER, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
    block = control.get_public_access_block(AccountId=OWNER)["PublicAccessBlockConfiguration"]
    assert block["RestrictPublicBuckets"] is True
    event = list(sim.activity)[-1]
    assert (event.event_name, event.action) == ("GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock")
