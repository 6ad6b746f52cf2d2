"""Analysis, external access step 2: a statement's principal and identity conditions → representative outside callers.

A caller is an engine :class:`Principal` plus the identity keys the engine does not derive by
itself (``aws:PrincipalOrgID``, ``aws:PrincipalOrgPaths``, ``kms:CallerAccount``,
``aws:SourceAccount``/``aws:SourceArn`` for a service acting for an account). Values of those
keys are facts about *who* the caller is; a caller cannot choose them. So:

- ``Principal "*"`` yields an anonymous caller (not for trust policies: STS refuses unsigned
  ``AssumeRole`` calls) and a *stranger* — a user, or a role session, of an
  account that the policy never names and that belongs to no organization — and one caller per
  combination of the values the statement's positive identity conditions name
  (``aws:PrincipalOrgID o-abc`` → a principal of an account in ``o-abc``; ``aws:PrincipalArn
  arn:aws:iam::*:role/deploy`` → a session of role ``deploy`` in the stranger's account, since
  anyone can create such a role). Only the anonymous caller and the stranger count as "the
  public".
- An account (``"222222222222"``, ``arn:aws:iam::222222222222:root``) yields a principal of that
  account (shaped by the identity conditions when they name one of its principals); an ARN
  yields exactly that principal (a role ARN: a session of the role).
- Callers inside the zone of trust are dropped: an account of the zone, or for an organization
  zone any account (real or hypothetical) of that organization.

An account the simulation knows belongs to the organization the state says, whatever the
conditions hope; a hypothetical account belongs to the organization the conditions name.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from workbench.account.model import State
from workbench.account.organization_paths import org_path
from workbench.analysis.condition_samples import instantiate
from workbench.conditions import UnknownOperatorError, parse_operator
from workbench.engine.request import Principal
from workbench.errors import WorkbenchError
from workbench.policy.model import PrincipalEntry, Statement
from workbench.wildcard import Glob

IDENTITY_KEYS = frozenset(
    {
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principaltype",
        "aws:username",
        "aws:userid",
        "aws:principalisawsservice",
        "aws:principalservicename",
        "aws:principalservicenameslist",
        "kms:calleraccount",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
    }
)
"""Condition keys whose values say who the caller is (or for whom a service acts): never the caller's choice."""

STRANGER_ORG = "o-outsider0000"
SERVICE_STAND_IN = "service.amazonaws.com"
"""The AWS service that stands for "a service acting for an account" (``aws:SourceAccount`` grants)."""
_MAX_COMBINATIONS = 12
_VALUES_PER_KEY = 3
_SYNTHETIC_NAMES = frozenset({"external-user", "external-role"})
_TYPE_OF = {"user": "user", "assumedrole": "assumed-role", "federateduser": "federated-user", "account": "root"}


@dataclass(frozen=True)
class Zone:
    """A zone of trust resolved against the state: its accounts and, for an organization zone, its id."""

    kind: Literal["ACCOUNT", "ORGANIZATION"]
    accounts: frozenset[str]
    organization_id: str | None = None

    def contains(self, account: str | None, organization: str | None) -> bool:
        if account is not None and account in self.accounts:
            return True
        return self.kind == "ORGANIZATION" and organization is not None and organization == self.organization_id


@dataclass(frozen=True)
class ExternalCaller:
    """A representative caller from outside the zone, and what it stands for."""

    principal: Principal
    description: str
    account: str | None
    organization: str | None = None
    public: bool = False
    """True for the anonymous caller and the stranger: access for them is access for anyone."""
    context: Mapping[str, Any] = field(default_factory=dict)


class CallerFactory:
    """Builds the representative callers for one resource policy (the stranger never appears in it)."""

    def __init__(
        self, state: State, zone: Zone, policy_text: str, *, kms: bool = False, anonymous: bool = True
    ) -> None:
        self.state = state
        self.zone = zone
        self.kms = kms
        self.anonymous = anonymous
        organization = state.organization
        self.members = dict.fromkeys(organization.parents) if organization is not None else {}
        self.org_id = organization.org_id if organization is not None else None
        taken = set(state.accounts) | set(self.members)
        self._spare = (
            str(n) for n in range(999_999_999_999, 0, -1) if str(n) not in taken and str(n) not in policy_text
        )
        self.stranger = next(self._spare)
        self._hypothetical: dict[str, str] = {}

    # -- entry points ---------------------------------------------------------------------------
    def callers(
        self, entry: PrincipalEntry | None, statement: Statement, denies: Sequence[Statement] = ()
    ) -> list[ExternalCaller]:
        """The external callers that stand for ``entry`` (None: ``Principal "*"``) under ``statement``.

        Identity values come from the statement's positive tests and from the negated tests of the
        policy's Deny statements (the callers a ``Deny … StringNotEquals aws:PrincipalOrgID`` spares).
        """
        hints = list(self._hint_combinations(statement, denies))
        found: list[ExternalCaller | None]
        if entry is None:
            anonymous = ExternalCaller(
                Principal.anonymous(), "an anonymous (unauthenticated) caller", None, public=True
            )
            found = [
                anonymous if self.anonymous else None,
                self._caller({"type": "user"}, None),
                self._caller({"type": "assumed-role"}, None),
                *(self._caller(h, None) for h in hints),
            ]
        else:
            account = _account_of(entry.value)
            found = (
                [self._caller(h, account) for h in [{}, *hints]]
                if account is not None
                else [self._named(entry.value, h) for h in [{}, *hints]]
            )
        unique: dict[tuple[str, str], ExternalCaller] = {}
        for caller in found:
            if caller is not None and not self.zone.contains(caller.account, caller.organization):
                identity = (caller.principal.model_dump_json(), repr(sorted(caller.context.items())))
                unique.setdefault(identity, caller)
        return sorted(unique.values(), key=lambda c: not c.public)

    # -- identity hints from conditions ------------------------------------------------------------
    def _hint_combinations(self, statement: Statement, denies: Sequence[Statement]) -> Iterator[dict[str, str]]:
        per_clause: list[list[tuple[str, str]]] = []
        clauses = [(clause, False) for clause in statement.conditions or ()]
        clauses += [(clause, True) for deny in denies for clause in deny.conditions or ()]
        for clause, spared in clauses:
            key = clause.key.lower()
            if key not in IDENTITY_KEYS:
                continue
            try:
                operator = parse_operator(clause.operator)
            except UnknownOperatorError:
                continue
            if operator.negated != spared or operator.family not in ("String", "ARN"):
                continue  # admits the stranger already: it names nobody to become
            values = [v for v in clause.values if "${" not in v][:_VALUES_PER_KEY]
            if values:
                per_clause.append([(key, value) for value in values])
        for combination in itertools.islice(itertools.product(*per_clause), _MAX_COMBINATIONS):
            if combination:
                yield dict(combination)

    # -- building callers --------------------------------------------------------------------------
    def _caller(self, hints: Mapping[str, str], fixed_account: str | None) -> ExternalCaller:
        source = hints.get("aws:sourceaccount") or hints.get("aws:sourceowner") or hints.get("aws:sourcearn")
        if source is not None and fixed_account is None:
            return self._service_caller(hints)
        arn = _arn_hint(hints.get("aws:principalarn"), self.stranger)
        account = fixed_account or _arn_account(arn)
        if fixed_account is not None and arn is not None and _arn_account(arn) != fixed_account:
            arn = None  # the hint names someone of another account: this account's principal cannot be it
        for key in ("aws:principalaccount", "kms:calleraccount"):
            if account is None and key in hints:
                account = self._account_pattern(hints[key])
        if account is None and "aws:userid" in hints:
            account = self._owner_of_id(hints["aws:userid"])
        org_hint = hints.get("aws:principalorgid") or _org_of_path(hints.get("aws:principalorgpaths"))
        if account is None and org_hint is not None and not _wild(org_hint):
            account = self._member_of(org_hint)
        account = account or self.stranger
        organization = self._organization(account, org_hint)
        principal = _principal(account, arn, hints)
        public = account == self.stranger and organization in (None, STRANGER_ORG)
        context = self._identity_context(account, organization, hints.get("aws:principalorgpaths"))
        return ExternalCaller(
            principal, _describe(principal, account, organization, public), account, organization, public, context
        )

    def _named(self, value: str, hints: Mapping[str, str]) -> ExternalCaller | None:
        """Exactly the principal an ARN names (a role ARN: a session of that role)."""
        try:
            principal = _principal_from_arn(value)
        except ValueError:
            return None  # partial wildcards and unique ids never match a caller (G11)
        account = principal.account or ""
        org_hint = hints.get("aws:principalorgid") or _org_of_path(hints.get("aws:principalorgpaths"))
        organization = self._organization(account, org_hint)
        context = self._identity_context(account, organization, hints.get("aws:principalorgpaths"))
        return ExternalCaller(
            principal, _describe(principal, account, organization, False), account, organization, False, context
        )

    def _service_caller(self, hints: Mapping[str, str]) -> ExternalCaller:
        """A service acting for an account (``aws:SourceAccount``/``aws:SourceArn``): that account is the outsider."""
        context: dict[str, Any] = {}
        account: str | None = None
        if "aws:sourcearn" in hints:
            source_arn = instantiate(hints["aws:sourcearn"]) or hints["aws:sourcearn"]
            context["aws:SourceArn"] = source_arn
            account = (
                self._account_pattern(hints["aws:sourcearn"].split(":")[4]) if source_arn.count(":") >= 5 else None
            )
            if not account and source_arn.startswith("arn:aws:s3:::"):
                bucket = self.state.services.buckets.get(source_arn[len("arn:aws:s3:::") :].split("/", 1)[0])
                account = bucket.account_id if bucket is not None else None
        for key in ("aws:sourceaccount", "aws:sourceowner"):
            if key in hints:
                account = self._account_pattern(hints[key])
                context["aws:SourceAccount" if key == "aws:sourceaccount" else "aws:SourceOwner"] = account
        public = account == self.stranger
        who = (
            "any account" if public else f"account {account}" if account else "an account the simulation does not know"
        )
        principal = Principal(type="service", arn=SERVICE_STAND_IN)
        return ExternalCaller(principal, f"an AWS service acting for {who}", account, None, public, context)

    def _account_pattern(self, pattern: str) -> str:
        """The account a pattern names: the stranger when it admits any account."""
        if _wild(pattern):
            if Glob.compile(pattern).matches(self.stranger):
                return self.stranger
            fixed = len(pattern.replace("*", "").replace("?", ""))
            return pattern.replace("?", "0").replace("*", "0" * max(0, 12 - fixed), 1).replace("*", "")
        return pattern

    def _owner_of_id(self, userid: str) -> str | None:
        """The account of the user or role whose unique id an ``aws:userid`` value names (None: any account)."""
        unique_id = userid.split(":", 1)[0]
        if _wild(unique_id):
            return None
        for account in self.state.accounts.values():
            ids = {u.user_id for u in account.users.values()} | {r.role_id for r in account.roles.values()}
            if unique_id in ids or unique_id == account.account_id:
                return account.account_id
        return self._hypothetical.setdefault(unique_id, next(self._spare))

    def _member_of(self, organization: str) -> str:
        """An account of ``organization`` outside the zone: a real member when there is one, else a hypothetical one."""
        if organization == self.org_id:
            for account in sorted(self.members):
                if account not in self.zone.accounts:
                    return account
        if organization not in self._hypothetical:
            self._hypothetical[organization] = next(self._spare)
        return self._hypothetical[organization]

    def _organization(self, account: str, org_hint: str | None) -> str | None:
        if account in self.members:
            return self.org_id
        if account in self.state.accounts or org_hint is None:
            return None
        return STRANGER_ORG if _wild(org_hint) else org_hint

    def _identity_context(self, account: str, organization: str | None, path_hint: str | None) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if organization is not None:
            context["aws:PrincipalOrgID"] = organization
            if organization == self.org_id and account in self.members and self.state.organization is not None:
                context["aws:PrincipalOrgPaths"] = [org_path(self.state.organization, account)]
            else:
                path = instantiate(path_hint) if path_hint else None
                context["aws:PrincipalOrgPaths"] = [path or f"{organization}/r-analysis/"]
        if self.kms:
            context["kms:CallerAccount"] = account
        return context


def _wild(text: str) -> bool:
    return "*" in text or "?" in text


def _account_of(value: str) -> str | None:
    if len(value) == 12 and value.isdigit():
        return value
    if value.startswith("arn:aws:iam::") and value.endswith(":root"):
        return value.split(":")[4]
    return None


def _org_of_path(path: str | None) -> str | None:
    return path.split("/", 1)[0] if path else None


def _arn_account(arn: str | None) -> str | None:
    parts = arn.split(":") if arn else []
    return parts[4] if len(parts) >= 6 and parts[4] else None


def _arn_hint(pattern: str | None, stranger: str) -> str | None:
    """An ``aws:PrincipalArn`` pattern made concrete: a wildcard account becomes the stranger's."""
    if pattern is None or pattern.count(":") < 5:
        return None
    parts = pattern.split(":", 5)
    if _wild(parts[4]):
        parts[4] = stranger
    concrete = instantiate(":".join(parts))
    return concrete if concrete and not _wild(concrete) else None


def _principal(account: str, arn: str | None, hints: Mapping[str, str]) -> Principal:
    """A principal of ``account``: the one ``arn`` names, else shaped by the type, name and user id hints."""
    userid = hints.get("aws:userid")
    if arn is not None:
        try:
            principal = _principal_from_arn(arn)
        except ValueError:
            principal = None
        if principal is not None:
            return principal.model_copy(update={"userid": instantiate(userid) if userid else None})
    kind = _TYPE_OF.get(hints.get("aws:principaltype", "").lower(), hints.get("type", "user"))
    if hints.get("aws:username"):
        kind = "user"
    name = instantiate(hints.get("aws:username", "")) or (
        "external-role" if kind == "assumed-role" else "external-user"
    )
    if kind == "root":
        principal = Principal(type="root", arn=f"arn:aws:iam::{account}:root", account=account)
    elif kind == "assumed-role":
        principal = _principal_from_arn(f"arn:aws:iam::{account}:role/{name}")
    elif kind == "federated-user":
        principal = Principal(
            type="federated-user", arn=f"arn:aws:sts::{account}:federated-user/{name}", account=account
        )
    else:
        principal = Principal(type="user", arn=f"arn:aws:iam::{account}:user/{name}", account=account)
    return principal.model_copy(update={"userid": instantiate(userid) if userid else None})


def _principal_from_arn(arn: str) -> Principal:
    """The caller an ARN names; raises ValueError for what names no caller (wildcards, unique ids)."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or _wild(arn) or not (len(parts[4]) == 12 and parts[4].isdigit()):
        raise ValueError(arn)
    resource = parts[5]
    if parts[2] == "iam" and resource.startswith("role/"):
        name = resource.rsplit("/", 1)[-1]
        session = f"arn:aws:sts::{parts[4]}:assumed-role/{name}/analysis-session"
        return Principal(type="assumed-role", arn=session, account=parts[4], role_arn=arn)
    try:
        return Principal.from_arn(arn)
    except WorkbenchError as error:  # a shape the engine cannot read names no caller
        raise ValueError(arn) from error


def _describe(principal: Principal, account: str, organization: str | None, public: bool) -> str:
    if public:
        who = {"user": "a user", "assumed-role": "a role session", "root": "the root user"}.get(
            principal.type, "a principal"
        )
        return f"{who} of any AWS account (one this policy does not name)"
    named = principal.role_arn if principal.type == "assumed-role" else principal.arn
    if named is not None and named.rsplit("/", 1)[-1] in _SYNTHETIC_NAMES:
        named = None
    where = f"account {account}" + (f" in organization {organization}" if organization else "")
    return f"{named} ({where})" if named else f"a principal of {where}"
