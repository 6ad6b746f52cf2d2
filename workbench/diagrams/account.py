"""Diagrams, account map step 1: one account's state (and findings) → a :class:`DiagramGraph` to draw.

Reads the account as it is stored, nothing more: users → groups → policies (managed ones shared,
inline ones as small notes), permissions boundaries (dashed), roles with an edge from every
principal their trust policy names (``trust.py``), the organization path with its SCPs as nested
clusters, and access findings computed by ``workbench.analysis`` as red (public) or orange
(cross-account) resources reached from principals outside the account's box.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.account.managed import aws_managed_policy
from workbench.account.model import Account, State
from workbench.account.organization_paths import ancestry
from workbench.diagrams.graph import Cluster, DiagramGraph, Edge, GraphBuilder, Node
from workbench.diagrams.inputs import AccessFinding
from workbench.diagrams.look import ACCOUNT_MAP_LEGEND
from workbench.diagrams.nodes import PrincipalNodes, account_of, resource_name
from workbench.diagrams.trust import trust_grants


def _home_cluster(builder: GraphBuilder, state: State, account: Account) -> str:
    """The account's box, nested in its OU path with each level's SCPs when an organization governs it."""
    organization = state.organization
    home_label = f"account {account.name} ({account.account_id})"
    if organization is None or account.account_id not in organization.parents:
        return builder.cluster(Cluster(f"home:{account.account_id}", home_label, "account"))
    parent: str | None = None
    chain = ancestry(organization, account.account_id)
    for target in chain:
        if target == account.account_id:
            if target == organization.management_account_id:
                home_label += " · management account: SCPs do not apply"
            key = builder.cluster(Cluster(f"home:{target}", home_label, "account", parent))
        elif target == organization.root_id:
            label = f"organization {organization.org_id} · root {target}"
            key = builder.cluster(Cluster(f"org:{target}", label, "organization", parent))
        else:
            ou = organization.ous[target]
            key = builder.cluster(Cluster(f"ou:{target}", f"OU {ou.name} ({target})", "ou", parent))
        for policy_id in organization.attachments.get(target, ()):
            policy = organization.policies.get(policy_id)
            if policy is not None:
                word = "SCP" if policy.type == "SERVICE_CONTROL_POLICY" else "RCP"
                node = Node(f"scp:{policy_id}@{target}", "scp", policy.name, word, policy.arn, key)
                builder.node(node)
        parent = key
    assert parent is not None
    return parent


class _Collector:
    def __init__(self, state: State, account: Account) -> None:
        self.state = state
        self.account = account
        self.builder = GraphBuilder("account_map", f"Account map: {account.name} ({account.account_id})")
        self.builder.legend.extend(ACCOUNT_MAP_LEGEND)
        self.home = _home_cluster(self.builder, state, account)
        self.principals = PrincipalNodes(self.builder, state, account.account_id, self.home)
        self.policy_by_arn = {policy.arn: policy for policy in account.policies.values()}

    def policy(self, arn: str) -> str:
        own = self.policy_by_arn.get(arn)
        if own is not None:
            return self.builder.node(Node(f"policy:{arn}", "policy", own.name, "", arn, self.home))
        shipped = aws_managed_policy(arn)
        name = shipped.name if shipped is not None else arn.rsplit("/", 1)[-1]
        kind = "aws-policy" if ":aws:policy/" in arn else "policy"
        detail = "AWS managed" if kind == "aws-policy" else ""
        return self.builder.node(Node(f"policy:{arn}", kind, name, detail, arn, self.home))

    def attachments(self, owner: str, owner_arn: str, attached: tuple[str, ...], inline: dict[str, str]) -> None:
        for arn in attached:
            self.builder.edge(Edge(owner, self.policy(arn), "attached"))
        for name in inline:
            key = self.builder.node(Node(f"inline:{owner_arn}#{name}", "inline", name, "inline", "", self.home))
            self.builder.edge(Edge(owner, key, "inline"))

    def boundary(self, owner: str, arn: str | None) -> None:
        if arn:
            self.builder.edge(Edge(owner, self.policy(arn), "boundary", "boundary"))

    def collect(self) -> None:
        account, builder = self.account, self.builder
        groups = {key: f"group:{group.arn}" for key, group in account.groups.items()}
        for _, group in sorted(account.groups.items()):
            node = builder.node(Node(f"group:{group.arn}", "group", group.name, "", group.arn, self.home))
            self.attachments(node, group.arn, group.attached_policies, group.inline_policies)
        for _, user in sorted(account.users.items()):
            node = builder.node(Node(f"user:{user.arn}", "user", user.name, "", user.arn, self.home))
            for group_name in user.groups:
                if group_name.lower() in groups:
                    builder.edge(Edge(node, groups[group_name.lower()], "member"))
            self.attachments(node, user.arn, user.attached_policies, user.inline_policies)
            self.boundary(node, user.permissions_boundary)
        for _, role in sorted(account.roles.items()):
            self.role(role.arn, role.name, role.service_linked, role.trust_policy)
            node = f"role:{role.arn}"
            self.attachments(node, role.arn, role.attached_policies, role.inline_policies)
            self.boundary(node, role.permissions_boundary)

    def role(self, arn: str, name: str, service_linked: bool, trust_policy: str) -> None:
        grants = trust_grants(trust_policy)
        detail = "service-linked" if service_linked else ("trust policy unreadable" if grants is None else "")
        node = self.builder.node(Node(f"role:{arn}", "role", name, detail, arn, self.home))
        for grant in grants or ():
            if grant.kind == "everyone-except":
                source, outside = self.principals.everyone_except(grant.value), True
            else:
                source, outside = self.principals.principal(grant.kind, grant.value)
            label = ", ".join(word for word in (grant.how, *grant.conditions) if word)
            kind = "trust-cross-account" if outside else "trust"
            self.builder.edge(Edge(source, node, kind, label, conditional=bool(grant.conditions)))

    def resource(self, finding: AccessFinding, worst: str) -> str:
        """The node a finding points at: the role itself for a trust policy finding, else a resource node."""
        arn = finding.resource
        words = "PUBLIC" if worst == "public" else "cross-account"
        role = self.builder.get(f"role:{arn}")
        if role is not None:
            self.builder.replace(replace(role, detail=f"trust · {words}", tone=worst))
            return role.key
        parts = arn.split(":")
        kind_words = " ".join(p for p in (parts[2] if len(parts) > 2 else "", _resource_type(arn)) if p)
        node = Node(f"resource:{arn}", "resource", resource_name(arn), f"{kind_words} · {words}", arn, self.home, worst)
        self.builder.replace(node)
        return node.key

    def findings(self, findings: tuple[AccessFinding, ...]) -> None:
        """Only this account's resources: an organization analyzer's findings about other accounts stay out."""
        home = self.account.account_id
        findings = tuple(f for f in findings if (f.resource_account or account_of(f.resource)) in (None, home))
        exposure: dict[str, str] = {}
        for finding in findings:
            if finding.exposure == "public" or exposure.get(finding.resource) != "public":
                exposure[finding.resource] = finding.exposure
        targets = {
            arn: self.resource(next(f for f in findings if f.resource == arn), worst) for arn, worst in exposure.items()
        }
        trusted = {(edge.source, edge.target) for edge in self.builder.edges() if edge.kind.startswith("trust")}
        for finding in findings:
            source, _ = self.principals.guess(finding.principal)
            target = targets[finding.resource]
            if (source, target) in trusted:
                continue  # the trust edge already draws it; the role's colour says the finding
            actions = finding.actions
            label = actions[0] if len(actions) == 1 else f"{actions[0]} +{len(actions) - 1}" if actions else ""
            label = ", ".join(word for word in (label, *finding.conditions) if word)
            kind = "access-public" if finding.exposure == "public" else "access-cross-account"
            self.builder.edge(Edge(source, target, kind, label, bool(finding.conditions)))


def _resource_type(arn: str) -> str:
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return ""
    if parts[2] == "s3":
        return "object" if "/" in parts[5] else "bucket"
    resource = parts[5]
    for index, char in enumerate(resource):
        if char in "/:":
            return resource[:index]
    return ""


def account_graph(state: State, account_id: str, *, findings: tuple[AccessFinding, ...] = ()) -> DiagramGraph:
    """The account map of ``account_id`` as data (``account_map`` draws it); findings about other accounts'
    resources are left out."""
    collector = _Collector(state, state.accounts[account_id])
    collector.collect()
    collector.findings(tuple(sorted(findings, key=lambda f: (f.resource, f.principal, f.exposure, f.actions))))
    return collector.builder.build()
