"""Explain, step 3: each engine ``reason`` code → a one-sentence headline, and one practical fix."""

from __future__ import annotations

from workbench.engine.decision import Layer
from workbench.engine.principals import MatchKind
from workbench.explain.facts import Facts
from workbench.explain.model import NearestStatement
from workbench.explain.wording import caller_phrase, principal_json, resource_words


def _org_layer(reason: str) -> Layer:
    return "scp" if reason == "scp_no_allow" else "rcp"


def headline(facts: Facts) -> str:
    """``Allowed: …`` or ``Denied: …``: the decision and its main reason, in one sentence."""
    decision, action, noun = facts.decision, facts.action, facts.noun
    principal = facts.principal
    caller = caller_phrase(principal)
    first = decision.decisive[0].label if decision.decisive else None
    match decision.reason:
        case "get_caller_identity":
            return "Allowed: sts:GetCallerIdentity needs no permission; not even an explicit Deny blocks it"
        case "get_session_token":
            return "Allowed: sts:GetSessionToken needs no permission when called with long-term credentials"
        case "anonymous_not_authenticated":
            return "Denied: sts:GetCallerIdentity needs a signed-in caller, and this request is anonymous"
        case "get_session_token_needs_long_term_credentials":
            return "Denied: sts:GetSessionToken works only with long-term credentials, not temporary ones"
        case "explicit_deny":
            return f"Denied: {first} explicitly denies {action}, and an explicit Deny always wins"
        case "scp_no_allow" | "rcp_no_allow":
            layer = _org_layer(decision.reason)
            level = facts.level_name(layer, decision.blocked_level or 0)
            return f"Denied: no {layer.upper()} attached at {level} allows {action}; every level must allow it"
        case "public_grant":
            return f'Allowed: the {noun} grants {action} to everyone (Principal "*")'
        case "anonymous_no_public_grant":
            return f'Denied: anonymous callers need a grant to Principal "*", and no {noun} has one for {action}'
        case "service_principal_granted":
            return f"Allowed: the {noun} grants {action} to the service {principal.arn}"
        case "service_principal_not_granted":
            return f"Denied: no {noun} grants {action} to the service {principal.arn}"
        case "root_cannot_assume_roles":
            return "Denied: the root user cannot assume roles"
        case "root_user_own_account":
            return "Allowed: the root user needs no policy for its own account's resources; nothing denies it"
        case "resource_policy_grant":
            return f"Allowed: {first} grants {action} to {_grantee(facts)}"
        case "resource_policy_no_allow":
            return f"Denied: the {noun} does not allow {caller}"
        case "resource_policy_required" if facts.is_trust:
            return f"Denied: the role's trust policy does not allow {caller} to assume it"
        case "resource_policy_required":
            return f"Denied: the {noun} does not allow {caller}, and a {noun} must allow it"
        case "cross_account_both_allow":
            return f"Allowed: across accounts both sides allow it: the caller's identity policy and the {noun}"
        case "cross_account_no_resource_allow":
            return f"Denied: across accounts the {noun} must also allow the caller, and it does not"
        case "identity_allows" if facts.is_trust or facts.is_key:
            return f"Allowed: the {noun} trusts the account, and {_first_identity(facts)} allows {action}"
        case "identity_allows":
            return f"Allowed: {_first_identity(facts)} allows {action}, and nothing denies or limits it"
        case "no_identity_allow" if facts.cross_account:
            return f"Denied: across accounts the caller's own policies must allow too, and none allows {action}"
        case "no_identity_allow":
            return f"Denied: no identity-based policy allows {action}"
        case "boundary_no_allow":
            return f"Denied: the permissions boundary does not allow {action}"
        case "session_no_allow":
            return f"Denied: the session policy does not allow {action}"
        case "federated_user_without_session_policy":
            return "Denied: this federated-user session has no session policy, hence no identity permissions"
    verdict = "Allowed" if decision.allowed else "Denied"
    return f"{verdict}: {decision.reason.replace('_', ' ')}"


def _first_identity(facts: Facts) -> str:
    refs = [ref for ref in facts.decision.decisive if ref.layer == "identity"]
    return refs[0].label if refs else "an identity-based policy"


def _grantee(facts: Facts) -> str:
    if facts.principal.type == "root":
        return f"the root user's account ({facts.principal.account})"
    if facts.strongest_resource_kind() == MatchKind.UNDERLYING:
        return "the role behind this session, and the permissions boundary and session policy allow it"
    return "the caller directly"


def fix_hint(facts: Facts, nearest: tuple[NearestStatement, ...]) -> str | None:
    """One practical suggestion for a denied request (None when it was allowed)."""
    decision = facts.decision
    if decision.allowed:
        return None
    action, noun = facts.action, facts.noun
    who = principal_json(facts.principal)
    grant = f"add an Allow for {action} {resource_words(facts.request)}"
    statement = f"add a statement to the {noun} with Principal {who} that allows {action}"
    if nearest and nearest[0].missed == "condition":
        return (
            f"{nearest[0].statement.label} would allow this if its condition held: make the request meet it, "
            "or change the condition"
        )
    if nearest and nearest[0].missed == "resource" and decision.reason == "no_identity_allow":
        # Often a typo in the ARN: point at the statement rather than suggest a new one.
        return (
            f"{nearest[0].statement.label} allows {action} but not on this resource: if it should, correct "
            f"its Resource so it covers {facts.request.resource.arn}; otherwise {grant} to an identity policy"
        )
    match decision.reason:
        case "explicit_deny":
            return (
                "no Allow can override an explicit Deny: if this request should succeed, narrow "
                f"{decision.decisive[0].label} (its Action, Resource or Condition) so it no longer matches"
            )
        case "scp_no_allow" | "rcp_no_allow":
            layer = _org_layer(decision.reason)
            full = "FullAWSAccess" if layer == "scp" else "RCPFullAWSAccess"
            level = facts.level_name(layer, decision.blocked_level or 0)
            return (
                f"every level of the organization needs an {layer.upper()} that allows {action}: attach one "
                f"(such as {full}) at {level}, which only the organization's management account can do"
            )
        case "no_identity_allow" if facts.cross_account:
            return (
                f"across accounts both the caller's policy and the {noun} must allow: the {noun} already "
                f"does, so {grant} to the caller's identity policy"
            )
        case "no_identity_allow" if facts.is_trust:
            return f"{grant} to the caller's identity policy, or name the caller ({who}) in the trust policy"
        case "no_identity_allow":
            return f"{grant} to an identity policy"
        case "boundary_no_allow":
            return f"{grant} to the permissions boundary: the boundary caps what identity policies can grant"
        case "session_no_allow":
            return f"create the session with a session policy that allows {action}, or with none"
        case "federated_user_without_session_policy":
            return f"pass a session policy that allows {action} when calling sts:GetFederationToken"
        case "cross_account_no_resource_allow":
            return f"across accounts both the caller's policy and the {noun} must allow: {statement}"
        case "resource_policy_required" if facts.is_trust:
            return f"the trust policy must name the caller: add {who} to the Principal of its Allow for {action}"
        case "resource_policy_required" | "resource_policy_no_allow":
            return statement
        case "anonymous_no_public_grant":
            public = 'Principal "*"'
            return f"sign the request; or, only if it must be public, add an Allow for {public} to the {noun}"
        case "service_principal_not_granted":
            return f"{statement} (usually with an aws:SourceArn or aws:SourceAccount condition)"
        case "root_cannot_assume_roles":
            return "sign in as an IAM user or role that the trust policy names, and assume the role from there"
        case "anonymous_not_authenticated":
            return "sign the request with AWS credentials"
        case "get_session_token_needs_long_term_credentials":
            return "call sts:GetSessionToken with an IAM user's long-term access keys; no policy can allow it"
    return None


__all__ = ["fix_hint", "headline"]
