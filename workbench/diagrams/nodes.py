"""Diagrams, shared by every view: a principal as written in a policy or a finding → the node that draws it.

``"*"`` is Everyone; an account id or ``…:root`` is an account (this one, or another one drawn in its
own orange cluster outside this account's box); a user or role ARN of this account is that user or
role's node; any other ARN is an external principal inside its account's cluster; a unique id
(``AIDA…``, what AWS shows once a trusted entity is deleted) is a deleted principal; ``Service`` and
``Federated`` principals are service and identity-provider nodes.
"""

from __future__ import annotations

import re

from workbench.account.model import Account, State
from workbench.diagrams.graph import Cluster, GraphBuilder, Node

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_UNIQUE_ID = re.compile(r"^A[A-Z0-9]{3}[A-Z0-9]{12,}$")
_IAM_ARN = re.compile(r"^arn:[\w-]+:(iam|sts)::(\d{12}):(.+)$")


def account_of(value: str) -> str | None:
    """The account a principal string belongs to (``123456789012``, ``arn:…:123456789012:…``), if any."""
    if _ACCOUNT_ID.match(value):
        return value
    parts = value.split(":")
    if len(parts) >= 6 and parts[0] == "arn" and _ACCOUNT_ID.match(parts[4]):
        return parts[4]
    return None


def resource_name(arn: str) -> str:
    """The short name of a resource ARN: the bucket, the function, the key id, the role name…"""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return arn
    resource = parts[5]
    if parts[2] == "lambda" and resource.startswith("function:"):
        return resource.split(":")[1]
    return re.split(r"[/:]", resource)[-1] or resource


class PrincipalNodes:
    """Adds the node for a principal to a :class:`GraphBuilder` and says whether it is outside ``home``."""

    def __init__(self, builder: GraphBuilder, state: State | None, home: str | None, home_cluster: str | None) -> None:
        self.builder = builder
        self.state = state
        self.home = home
        self.home_cluster = home_cluster
        account = state.accounts.get(home) if state is not None and home is not None else None
        self._arns: dict[str, str] = {}
        if account is not None:
            self._arns = {u.arn: f"user:{u.arn}" for u in account.users.values()}
            self._arns.update({r.arn: f"role:{r.arn}" for r in account.roles.values()})

    def external_cluster(self, account_id: str) -> str:
        other: Account | None = self.state.accounts.get(account_id) if self.state is not None else None
        name = f"{other.name} ({account_id})" if other is not None else account_id
        cluster = Cluster(f"ext:{account_id}", f"account {name}: another account", "external-account")
        return self.builder.cluster(cluster)

    def everyone(self) -> str:
        return self.builder.node(Node("everyone", "everyone", "Everyone (*)", detail="any principal", ref="*"))

    def everyone_except(self, named: str) -> str:
        """A ``NotPrincipal`` grant: everyone but the principals it names."""
        return self.builder.node(Node(f"everyone-except:{named}", "everyone", "Everyone except…", named))

    def account(self, account_id: str) -> tuple[str, bool]:
        if account_id == self.home:
            node = Node(f"account:{account_id}", "account", "this account", account_id, account_id, self.home_cluster)
            return self.builder.node(node), False
        cluster = self.external_cluster(account_id)
        node = Node(f"account:{account_id}", "external-account", "whole account", account_id, account_id, cluster)
        return self.builder.node(node), True

    def aws(self, value: str) -> tuple[str, bool]:
        """The node for an ``AWS`` principal value and whether it is outside the home account."""
        if value == "*":
            return self.everyone(), True
        if _ACCOUNT_ID.match(value):
            return self.account(value)
        match = _IAM_ARN.match(value)
        if match is not None:
            account_id, resource = match.group(2), match.group(3)
            if resource == "root":
                return self.account(account_id)
            if account_id == self.home:
                known = self._arns.get(value)
                if known is not None:
                    return known, False
                node = Node(f"unknown:{value}", "unknown", resource, "no such principal", value, self.home_cluster)
                return self.builder.node(node), False
            cluster = self.external_cluster(account_id)
            node = Node(f"principal:{value}", "external", resource, account_id, value, cluster)
            return self.builder.node(node), True
        if _UNIQUE_ID.match(value):
            return self.builder.node(Node(f"unknown:{value}", "unknown", value, "deleted principal", value)), False
        return self.builder.node(Node(f"unknown:{value}", "unknown", value, "unrecognised principal", value)), True

    def service(self, value: str) -> str:
        return self.builder.node(Node(f"service:{value}", "service", value, "AWS service", value))

    def federated(self, value: str) -> str:
        label = value.split("/", 1)[-1] if value.startswith("arn:") else value
        return self.builder.node(Node(f"federated:{value}", "federated", label, "identity provider", value))

    def principal(self, kind: str, value: str) -> tuple[str, bool]:
        """Any principal: ``kind`` as in a policy (``AWS``, ``Service``, ``Federated``, ``CanonicalUser``) or ``*``."""
        if kind == "*" or value == "*":
            return self.everyone(), True
        if kind == "Service":
            return self.service(value), False
        if kind == "Federated":
            return self.federated(value), False
        if kind == "AWS":
            return self.aws(value)
        return self.builder.node(Node(f"unknown:{kind}:{value}", "unknown", value, kind, value)), True

    def guess(self, value: str) -> tuple[str, bool]:
        """A principal given as a bare string (findings, analysis graphs): services end in ``.amazonaws.com``."""
        if value.endswith(".amazonaws.com") and not value.startswith("arn:"):
            return self.service(value), False
        if value.startswith("arn:") and (":oidc-provider/" in value or ":saml-provider/" in value):
            return self.federated(value), False
        return self.aws(value)
