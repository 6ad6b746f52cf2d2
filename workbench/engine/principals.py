"""Engine: how a ``Principal``/``NotPrincipal`` element matches a caller, and with which *kind* of match.

The kind matters for same-account decisions (E8): a grant to the caller's own ARN or to ``*``
stands alone; a grant to the role behind a session (or the user behind a federated session) still
needs the boundary and session policy; a grant to the account only delegates to identity policies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from workbench.engine.request import Principal
from workbench.policy.model import PrincipalBlock


class MatchKind(IntEnum):
    """Principal match kinds, weakest first, so the strongest of several is ``max()``."""

    ACCOUNT = 1
    """``"111122223333"`` or ``arn:aws:iam::111122223333:root``: a delegation to the account."""
    UNDERLYING = 2
    """The role behind the caller's session, or the IAM user behind a federated-user session."""
    DIRECT = 3
    """The caller's own ARN, a service principal, or ``*``."""


_ACCOUNT_ROOT_PREFIX = "arn:aws:iam::"


def _account_of_entry(value: str) -> str | None:
    if len(value) == 12 and value.isdigit():
        return value
    if value.startswith(_ACCOUNT_ROOT_PREFIX) and value.endswith(":root"):
        account = value[len(_ACCOUNT_ROOT_PREFIX) : -len(":root")]
        if len(account) == 12 and account.isdigit():
            return account
    return None


@dataclass(frozen=True, slots=True)
class PrincipalTest:
    """A compiled ``Principal``/``NotPrincipal`` block."""

    everyone: bool
    accounts: frozenset[str]
    arns: frozenset[str]
    services: frozenset[str]

    @classmethod
    def compile(cls, block: PrincipalBlock) -> PrincipalTest:
        everyone = block.wildcard
        accounts: set[str] = set()
        arns: set[str] = set()
        services: set[str] = set()
        for entry in block.entries:
            if entry.kind == "AWS":
                if entry.value == "*":
                    everyone = True
                elif (account := _account_of_entry(entry.value)) is not None:
                    accounts.add(account)
                else:
                    # Partial wildcards (user/*) are invalid (G11): kept literal, so they never match.
                    arns.add(entry.value)
            elif entry.kind == "Service":
                services.add(entry.value.lower())
            elif entry.kind == "Federated":
                arns.add(entry.value)
            # CanonicalUser names an S3 account by canonical id; callers here carry none.
        return cls(everyone, frozenset(accounts), frozenset(arns), frozenset(services))

    def match(self, principal: Principal) -> MatchKind | None:
        """The strongest kind with which this block names ``principal``, or None."""
        if self.everyone:
            return MatchKind.DIRECT
        kind = principal.type
        if kind == "service":
            return MatchKind.DIRECT if (principal.arn or "").lower() in self.services else None
        if kind == "anonymous":
            return None
        if principal.arn in self.arns:
            return MatchKind.DIRECT
        if kind == "assumed-role" and principal.role_arn in self.arns:
            return MatchKind.UNDERLYING
        if kind == "federated-user" and principal.source_user_arn in self.arns:
            return MatchKind.UNDERLYING
        if principal.account in self.accounts:
            return MatchKind.ACCOUNT
        return None

    def exempts(self, principal: Principal, *, has_boundary: bool) -> bool:
        """Whether ``principal`` escapes a ``Deny`` + ``NotPrincipal`` naming this block (E13).

        Only callers whose own ARN is listed escape (AMB-07): listing the account does not exempt
        its other principals. A role session escapes only when both its session ARN and its role
        ARN are listed, as AWS's NotPrincipal guidance requires. A caller with a permissions
        boundary never escapes.
        """
        if has_boundary:
            return False
        if self.everyone:
            return True
        kind = principal.type
        if kind == "service":
            return (principal.arn or "").lower() in self.services
        if kind == "anonymous":
            return False
        if kind == "root":
            return principal.account in self.accounts or principal.arn in self.arns
        if kind == "assumed-role":
            return principal.arn in self.arns and principal.role_arn in self.arns
        return principal.arn in self.arns
