"""Analysis, step 0: every principal of the simulated world with its policy set, compiled once and shared.

A :class:`PrincipalIndex` reads one :class:`State` and answers the questions every analysis asks
many thousands of times: who the principals are (users, and roles as a fresh session of each),
which policies take part for them (identity policies of the user, its groups and attached managed
policies, or of the role; permissions boundary; SCP levels), what a resource is (account, tags,
resource-based policy), and "would the engine allow this request?". Policy sets are built exactly
as :mod:`workbench.account.authorization` builds them for a real call, with two differences made
for speed and nothing else: each distinct document is parsed and compiled once, only when a
request first needs it, and its compiled form shared by every policy set that holds it (so the
engine's per-policy prefilter memo is shared too); and a resource-based policy is joined to a
caller's already compiled set without recompiling either. Raw :class:`PolicyFacts` (no parsing)
let the analyses skip requests no statement could allow.

Principals from outside the simulation are stand-ins (:mod:`workbench.analysis.principal_entries`);
requests are built by :mod:`workbench.analysis.requests`, resources described by
:mod:`workbench.analysis.targets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from workbench.account.authorization import Connection, Target, document, engine_principal, request_context
from workbench.account.callers import Caller
from workbench.account.managed import aws_managed_policy
from workbench.account.model import Account, Role, Session, State, User
from workbench.account.organization_paths import org_levels
from workbench.analysis.compiled import CompiledCaller, PolicyCompiler
from workbench.analysis.errors import AnalysisError
from workbench.analysis.prefilter import PolicyFacts, read_facts
from workbench.analysis.principal_entries import (
    ANALYSIS_SESSION,
    AnalysedPrincipal,
    PolicySource,
    stand_in,
)
from workbench.analysis.requests import CompiledOnly, build_request
from workbench.analysis.targets import ResourceTarget, resource_facts
from workbench.arn import Arn
from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision
from workbench.engine.policy_set import CompiledPolicySet, PolicySet
from workbench.engine.request import ContextValue, Principal, Resource, normalise_context_value
from workbench.errors import WorkbenchError
from workbench.policy.model import PolicyDocument


def world_state(world: Any) -> State:
    """The :class:`State` behind a State, a Simulation, a Sandbox or account view, or a PrincipalIndex."""
    if isinstance(world, State):
        return world
    if isinstance(world, PrincipalIndex):
        return world.state
    simulation = getattr(world, "sim", world)
    state = getattr(simulation, "state", None)
    if isinstance(state, State):
        clock = getattr(simulation, "clock", None)
        return state.model_copy(update={"now": clock.now()}) if clock is not None else state
    raise TypeError(f"expected a State, Simulation, Sandbox or PrincipalIndex, not {type(world).__name__}")


def principal_index(world: Any) -> PrincipalIndex:
    """The index for ``world``; an index passed in is reused (its compiled policies and memos with it)."""
    return world if isinstance(world, PrincipalIndex) else PrincipalIndex(world_state(world))


class PrincipalIndex:
    """Every user and role of a world, their policies parsed and compiled on first use; targets; decisions.

    Build one per state and pass it to several analyses to share the compiled policies and memos.
    """

    def __init__(self, state: State) -> None:
        self.state = state
        self.compile = PolicyCompiler()
        self.unevaluable: dict[str, str] = {}
        """Principals whose policies cannot be evaluated (they do not parse, or AWS would refuse them): ARN → why."""
        self._documents: dict[tuple[str, str], PolicyDocument] = {}
        self._facts: dict[tuple[str, bool], PolicyFacts] = {}
        self._callers: dict[AnalysedPrincipal, CompiledCaller | None] = {}
        self._names: dict[tuple[AnalysedPrincipal, str], bool] = {}
        self._managed: dict[str, dict[str, str]] = {}
        self._scps: dict[str, tuple[tuple[PolicyDocument, ...], ...] | None] = {}
        self._rcps: dict[str, tuple[tuple[PolicyDocument, ...], ...] | None] = {}
        self._targets: dict[tuple[str, str | None, bool, str | None], ResourceTarget] = {}
        self._stand_ins: dict[str, AnalysedPrincipal] = {}
        found: list[AnalysedPrincipal] = []
        for account_id in sorted(state.accounts):
            account = state.accounts[account_id]
            found += (self._user(account, user) for user in sorted(account.users.values(), key=lambda u: u.arn))
            found += (self._role(account, role) for role in sorted(account.roles.values(), key=lambda r: r.arn))
        self.principals: tuple[AnalysedPrincipal, ...] = tuple(found)
        self.by_arn: dict[str, AnalysedPrincipal] = {p.arn: p for p in found}
        by_account: dict[str, list[AnalysedPrincipal]] = {}
        for entry in found:
            by_account.setdefault(entry.account_id or "", []).append(entry)
        self.by_account: dict[str, tuple[AnalysedPrincipal, ...]] = {k: tuple(v) for k, v in by_account.items()}

    # -- principals ------------------------------------------------------------------------------
    def principal(self, arn: str) -> AnalysedPrincipal:
        found = self.by_arn.get(arn)
        if found is None:
            raise AnalysisError(f"no user or role {arn} in this simulation", code="analysis_unknown_principal")
        return found

    def managed_text(self, account: Account, arn: str) -> str | None:
        """A managed policy's default version (as ``managed_document`` reads it), by a per-account ARN map."""
        texts = self._managed.get(account.account_id)
        if texts is None:
            texts = self._managed[account.account_id] = {p.arn: p.default_document for p in account.policies.values()}
        found = texts.get(arn)
        if found is None and arn.startswith("arn:aws:iam::aws:policy/"):
            shipped = aws_managed_policy(arn)
            found = shipped.default_document if shipped is not None else None
        return found

    def _sources(self, account: Account, owners: Iterable[tuple[str, str, Any]]) -> tuple[PolicySource, ...]:
        """Identity policies in the order ``identity_documents`` gathers them, with the names it gives them."""
        found: list[PolicySource] = []
        for owner, origin, entity in owners:
            found += (
                PolicySource(text, f"{owner} inline policy {name}", origin)
                for name, text in entity.inline_policies.items()
            )
            for arn in entity.attached_policies:
                text = self.managed_text(account, arn)
                if text is not None:
                    found.append(PolicySource(text, f"managed policy {arn.rsplit('/', 1)[-1]}", origin))
        return tuple(found)

    def _boundary(self, account: Account, arn: str | None) -> PolicySource | None:
        text = self.managed_text(account, arn) if arn else None
        return (
            PolicySource(text, f"permissions boundary {arn.rsplit('/', 1)[-1]}", "boundary") if text and arn else None
        )

    def _context(self, caller: Caller, principal: Principal) -> dict[str, ContextValue]:
        state = self.state
        raw = request_context(
            state, caller, Connection(source_ip=None), int(state.now.timestamp()), Target("*", None), {}
        )
        context = principal.derived_context()
        context.update((key.lower(), normalise_context_value(key, value)) for key, value in raw.items())
        return context

    def _user(self, account: Account, user: User) -> AnalysedPrincipal:
        owners: list[tuple[str, str, Any]] = [(f"user {user.name}", "user", user)]
        for group_name in user.groups:
            group = account.groups.get(group_name.lower())
            if group is not None:
                owners.append((f"group {group.name}", f"group:{group.name}", group))
        caller = Caller("user", account.account_id, user.arn, "", user=user)
        principal = engine_principal(self.state, caller)
        return AnalysedPrincipal(
            arn=user.arn,
            kind="user",
            account_id=account.account_id,
            name=user.name,
            principal=principal,
            sources=self._sources(account, owners),
            boundary=self._boundary(account, user.permissions_boundary),
            context=self._context(caller, principal),
            groups=tuple(user.groups),
        )

    def _role(self, account: Account, role: Role) -> AnalysedPrincipal:
        now = self.state.now
        session = Session(
            access_key_id="",
            secret_access_key="",
            session_token="",
            kind="assumed-role",
            account_id=account.account_id,
            arn=f"arn:aws:sts::{account.account_id}:assumed-role/{role.name}/{ANALYSIS_SESSION}",
            issued=now,
            expiration=now + timedelta(hours=1),
            role_name=role.name,
            session_name=ANALYSIS_SESSION,
        )
        caller = Caller("assumed-role", account.account_id, session.arn, "", role=role, session=session)
        principal = engine_principal(self.state, caller)
        return AnalysedPrincipal(
            arn=role.arn,
            kind="role",
            account_id=account.account_id,
            name=role.name,
            principal=principal,
            sources=self._sources(account, [(f"role {role.name}", "role", role)]),
            boundary=self._boundary(account, role.permissions_boundary),
            context=self._context(caller, principal),
            service_linked=role.service_linked,
        )

    @property
    def documents_parsed(self) -> int:
        """How many distinct policy documents the analyses have needed parsed so far."""
        return len(self._documents)

    # -- policies --------------------------------------------------------------------------------
    def parsed(self, text: str, name: str) -> PolicyDocument:
        """A policy text parsed once per index (raises a typed error when it does not parse)."""
        key = (text, name)
        found = self._documents.get(key)
        if found is None:
            found = self._documents[key] = document(text, name)
        return found

    def facts(self, text: str, *, resource_based: bool = False) -> PolicyFacts:
        """What a policy text could allow, read without parsing it (once per text)."""
        key = (text, resource_based)
        found = self._facts.get(key)
        if found is None:
            found = self._facts[key] = read_facts(text, resource_based=resource_based)
        return found

    def may_allow(self, entry: AnalysedPrincipal, action_lower: str, arn_text: str, arn: Arn | None) -> bool:
        """Some identity Allow statement of ``entry`` could apply, and its boundary's too (conditions aside).

        A necessary condition for the identity path (E8); a resource policy can still grant alone.
        """
        facts = self.facts
        if entry.boundary is not None and not facts(entry.boundary.text).may_allow(action_lower, arn_text, arn):
            return False
        return any(facts(source.text).may_allow(action_lower, arn_text, arn) for source in entry.sources)

    def names_action(self, entry: AnalysedPrincipal, action_lower: str) -> bool:
        """Some identity Allow statement of ``entry`` covers the action (on some resource), and its boundary's too."""
        key = (entry, action_lower)
        found = self._names.get(key)
        if found is None:
            facts = self.facts
            found = (entry.boundary is None or facts(entry.boundary.text).names_action(action_lower)) and any(
                facts(source.text).names_action(action_lower) for source in entry.sources
            )
            self._names[key] = found
        return found

    def scp_levels(self, account_id: str | None) -> tuple[tuple[PolicyDocument, ...], ...] | None:
        key = account_id or ""
        if key not in self._scps:
            self._scps[key] = org_levels(self.state.organization, account_id, "SERVICE_CONTROL_POLICY")
        return self._scps[key]

    def rcp_levels(self, account_id: str | None) -> tuple[tuple[PolicyDocument, ...], ...] | None:
        key = account_id or ""
        if key not in self._rcps:
            self._rcps[key] = org_levels(self.state.organization, account_id, "RESOURCE_CONTROL_POLICY")
        return self._rcps[key]

    def _caller(self, entry: AnalysedPrincipal) -> CompiledCaller | None:
        """Parse and compile ``entry``'s policies (once); None, and recorded, when they cannot be evaluated."""
        if entry in self._callers:
            return self._callers[entry]
        try:
            identity = tuple(self.parsed(s.text, s.name) for s in entry.sources)
            boundary = self.parsed(entry.boundary.text, entry.boundary.name) if entry.boundary else None
            scps = self.scp_levels(entry.account_id) if entry.in_simulation else None
            compile = self.compile
            compiled = CompiledPolicySet(
                identity=tuple(compile(doc, "identity") for doc in identity),
                resource=None,
                boundary=compile(boundary, "boundary") if boundary is not None else None,
                session=None,
                scp_levels=compile.levels(scps, "scp"),
                rcp_levels=None,
            )
            found: CompiledCaller | None = CompiledCaller(identity, boundary, scps, compiled)
        except WorkbenchError as error:
            self.unevaluable[entry.arn] = error.message
            found = None
        self._callers[entry] = found
        return found

    def evaluable(self, entry: AnalysedPrincipal) -> bool:
        """Whether the engine can decide for ``entry`` (its policies parse and compile)."""
        return self._caller(entry) is not None

    # -- stand-ins for principals outside the simulation -----------------------------------------
    def stand_in(self, node_id: str) -> AnalysedPrincipal:
        """The stand-in caller for an outside account root ARN, an outside user/role ARN, a service, or ``*``."""
        found = self._stand_ins.get(node_id)
        if found is None:
            found = self._stand_ins[node_id] = stand_in(node_id)
        return found

    # -- resources -------------------------------------------------------------------------------
    def target(
        self, arn: str, *, policy: str | None = None, trust: bool = False, account: str | None = None
    ) -> ResourceTarget:
        """The resource ``arn`` as the simulation knows it; ``policy`` overrides its resource-based policy.

        ``trust``: the request is a role-assumption action, so a role's trust policy is its resource policy.
        ``account``: the owner of a resource the simulation does not hold and whose ARN does not say
        (an S3 bucket); otherwise such a resource is taken to be in each caller's own account.
        """
        key = (arn, policy, trust, account)
        found = self._targets.get(key)
        if found is None:
            found = self._targets[key] = self._build_target(arn, policy, trust, account)
        return found

    def _build_target(self, arn: str, policy: str | None, trust: bool, account: str | None) -> ResourceTarget:
        parsed = Arn.parse(arn) if arn != "*" else None  # a malformed ARN fails here, with a typed error
        account_id, known, tags = resource_facts(self.state, arn, trust=trust)
        account_id = account_id or account
        text = policy if policy is not None else known
        doc = self.parsed(text, "trust policy" if trust else "resource-based policy") if text else None
        rcps = self.rcp_levels(account_id)
        context: dict[str, ContextValue] = {f"aws:resourcetag/{k.lower()}": v for k, v in tags.items()}
        if account_id:
            context["aws:resourceaccount"] = account_id
        return ResourceTarget(
            arn=arn,
            parsed=parsed,
            account_id=account_id,
            policy=doc,
            compiled_policy=self.compile(doc, "resource") if doc is not None else None,
            resource=Resource(arn=arn, account=account_id),
            context=context,
            rcp_levels=rcps,
            compiled_rcps=self.compile.levels(rcps, "rcp"),
        )

    # -- deciding --------------------------------------------------------------------------------
    def policy_set(self, entry: AnalysedPrincipal, target: ResourceTarget) -> PolicySet:
        """The caller's policies joined with the target's resource policy and RCPs (for explanations)."""
        caller = self._caller(entry)
        if caller is None:
            raise AnalysisError(f"the policies of {entry.arn} cannot be evaluated", code="analysis_unevaluable")
        joined = PolicySet.model_construct(
            identity=caller.identity,
            resource=target.policy,
            boundary=caller.boundary,
            session=None,
            scp_levels=caller.scp_levels,
            rcp_levels=target.rcp_levels,
        )
        joined.__dict__["compiled"] = self._joined(caller, target)  # the engine's cached property, pre-filled
        return joined

    @staticmethod
    def _joined(caller: CompiledCaller, target: ResourceTarget) -> CompiledPolicySet:
        own = caller.compiled
        return CompiledPolicySet(
            own.identity, target.compiled_policy, own.boundary, None, own.scp_levels, target.compiled_rcps
        )

    def own_policies(self, entry: AnalysedPrincipal) -> CompiledPolicySet | None:
        """``entry``'s identity policies, boundary and SCPs, compiled; None if its policies cannot be read."""
        caller = self._callers[entry] if entry in self._callers else self._caller(entry)
        return None if caller is None else caller.compiled

    def prepare(self, entry: AnalysedPrincipal, target: ResourceTarget) -> CompiledPolicySet | None:
        """The compiled policy set of ``entry`` calling on ``target``; None if its policies cannot be read."""
        caller = self._callers[entry] if entry in self._callers else self._caller(entry)
        return None if caller is None else self._joined(caller, target)

    def decide(
        self,
        entry: AnalysedPrincipal,
        action: str,
        target: ResourceTarget,
        context: Mapping[str, ContextValue | None] | None = None,
        *,
        prepared: CompiledPolicySet | None = None,
    ) -> Decision | None:
        """The engine's decision for ``entry`` calling ``action`` on ``target``; None if its policies cannot be read.

        ``prepared``: the result of :meth:`prepare` for the same principal and target, to reuse it.
        """
        compiled = prepared if prepared is not None else self.prepare(entry, target)
        if compiled is None:
            return None
        return authorize(build_request(entry, action, target, context), CompiledOnly(compiled))  # type: ignore[arg-type]
