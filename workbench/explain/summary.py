"""Explain: a decision → one or two sentences a learner understands (cheap: no trace needed)."""

from __future__ import annotations

from workbench.engine.decision import Decision, StatementRef


def _quote_refs(refs: tuple[StatementRef, ...], limit: int = 3) -> str:
    labels = [ref.label for ref in refs[:limit]]
    if len(refs) > limit:
        labels.append(f"{len(refs) - limit} more")
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _request_phrase(decision: Decision) -> str:
    request = decision.request
    who = request.principal.arn or "an anonymous caller"
    target = request.resource.arn
    on = "" if target == "*" else f" on {target}"
    return f"{who} → {request.action}{on}"


_REASONS: dict[str, str] = {
    "get_caller_identity": "sts:GetCallerIdentity needs no permission: any signed-in caller may ask",
    "anonymous_not_authenticated": "an anonymous caller cannot ask who it is",
    "get_session_token": "sts:GetSessionToken needs no permission for an IAM user's or the root user's keys",
    "get_session_token_needs_long_term_credentials": (
        "sts:GetSessionToken only works with long-term credentials, not temporary ones"
    ),
    "public_grant": 'the resource-based policy grants it to everyone (Principal "*")',
    "anonymous_no_public_grant": (
        'only a resource-based policy with Principal "*" admits an anonymous caller, and none grants it'
    ),
    "service_principal_granted": "the resource-based policy names this service principal",
    "service_principal_not_granted": (
        "a service principal has no identity policies; only a resource-based policy naming it can allow it"
    ),
    "root_cannot_assume_roles": "the root user cannot assume roles",
    "root_user_own_account": "the root user needs no policy for its own account's resources",
    "resource_policy_grant": "the resource-based policy grants it",
    "resource_policy_no_allow": "the resource-based policy does not allow this caller",
    "resource_policy_required": (
        "a role's trust policy or a KMS key policy must itself allow the caller, and this one does not"
    ),
    "cross_account_both_allow": "both the caller's own policies and the resource-based policy allow it",
    "cross_account_no_resource_allow": (
        "across accounts the resource-based policy must also allow the caller, and it does not"
    ),
    "identity_allows": "an identity-based policy allows it and nothing stops it",
    "no_identity_allow": "no identity-based policy allows it (default deny)",
    "boundary_no_allow": "the permissions boundary does not allow it",
    "session_no_allow": "the session policy does not allow it",
    "federated_user_without_session_policy": (
        "a federated-user session without a session policy has no identity-based permissions"
    ),
}


def summarize(decision: Decision) -> str:
    """``allowed``/``explicitDeny``/``implicitDeny``: why, in one line."""
    request = _request_phrase(decision)
    reason = decision.reason
    if reason == "explicit_deny":
        return f"{request}: explicit deny by {_quote_refs(decision.decisive)}; a Deny always wins."
    if reason in ("scp_no_allow", "rcp_no_allow"):
        layer = "service control policy (SCP)" if reason == "scp_no_allow" else "resource control policy (RCP)"
        level = decision.blocked_level
        where = "the organization root" if level == 0 else f"level {level} of the organization"
        return f"{request}: implicit deny: no {layer} attached at {where} allows it; every level must allow."
    text = _REASONS.get(reason, reason.replace("_", " "))
    verdict = {"allowed": "allowed", "explicitDeny": "explicit deny", "implicitDeny": "implicit deny"}[
        decision.decision
    ]
    line = f"{request}: {verdict}: {text}"
    if decision.allowed and decision.decisive:
        line += f" ({_quote_refs(decision.decisive)})"
    if decision.condition_failures and not decision.allowed:
        failure = decision.condition_failures[0]
        condition = f"{failure.operator} {failure.key}"
        line += f"; {failure.statement.label} did not apply because its condition {condition} was false"
    if decision.missing_context_keys and not decision.allowed:
        line += f"; the request lacked {', '.join(decision.missing_context_keys)}"
    return line + "."
