"""Explain, step 2 (continued): what the resource, identity, boundary and session layers said, in words."""

from __future__ import annotations

from workbench.engine.decision import Layer, StatementRef
from workbench.engine.principals import MatchKind
from workbench.explain.facts import Facts
from workbench.explain.model import ExplanationStep, StepVerdict
from workbench.explain.wording import caller_phrase, resource_words, sentence


def denies_step(facts: Facts, layer: Layer, title: str, refs: tuple[StatementRef, ...]) -> ExplanationStep:
    """A layer whose Deny matched: part of the explicit deny that decided the request."""
    text = f"{refs[0].label} denies {facts.action}."
    if len(refs) > 1:
        text += f" ({len(refs) - 1} more Deny statement{'s' if len(refs) > 2 else ''} here match too.)"
    allows = facts.matched(layer)
    if allows:
        label = allows[0].label
        text += f" {label[:1].upper()}{label[1:]} would allow it, but a Deny always wins over an Allow."
    return ExplanationStep(
        layer=layer, verdict="explicitDeny", title=title, text=sentence(text), statements=refs, decisive=True
    )


def _step(
    facts: Facts,
    layer: Layer,
    verdict: StepVerdict,
    title: str,
    text: str,
    refs: tuple[StatementRef, ...] = (),
) -> ExplanationStep:
    decision = facts.decision
    if decision.decision == "allowed":
        decisive = verdict == "allowed" and (
            any(ref in decision.decisive for ref in refs)
            or (layer == "identity" and decision.reason == "root_user_own_account")
        )
    else:
        decisive = decision.blocked_by == layer and verdict == "implicitDeny"
    return ExplanationStep(
        layer=layer, verdict=verdict, title=title, text=sentence(text), statements=refs, decisive=decisive
    )


def _allows(refs: tuple[StatementRef, ...]) -> str:
    more = f" (and {len(refs) - 1} more)" if len(refs) > 1 else ""
    return f"{refs[0].label}{more}"


def _needed_for_resource(facts: Facts) -> str | None:
    """Why the resource-based policy must allow this request, or None when it need not."""
    kind = facts.principal.type
    if kind == "anonymous":
        return 'An anonymous caller can be allowed only by a resource-based policy granting to Principal "*".'
    if kind == "service":
        return "A service principal can be allowed only by a resource-based policy that names it."
    if facts.is_trust:
        return "A role can be assumed only by principals that its trust policy allows."
    if facts.is_key:
        return "A KMS key can be used only if its key policy allows it (directly, or by trusting the account)."
    if facts.cross_account and kind == "root":
        return f"Across accounts the {facts.noun} must allow the caller's account or its root user."
    if facts.cross_account:
        return (
            f"Across accounts the {facts.noun} must allow the caller, in addition to the caller's own "
            "identity-based policies."
        )
    return None


def _kind_words(facts: Facts, ref: StatementRef) -> str:
    compiled = facts.statement(ref)
    principal = facts.principal
    if compiled is not None and compiled.principals is not None and compiled.principals.everyone:
        return 'everyone (Principal "*")'
    kind = facts.kind(ref)
    if principal.type == "service":
        return f"the service {principal.arn}"
    if kind == MatchKind.ACCOUNT:
        return f"the caller's whole account ({principal.account})"
    if kind == MatchKind.UNDERLYING:
        behind = principal.role_arn if principal.type == "assumed-role" else principal.source_user_arn
        what = "role" if principal.type == "assumed-role" else "IAM user"
        return f"the {what} behind this session ({behind}), not the session itself"
    return f"the caller's own ARN ({principal.arn})"


def resource_step(facts: Facts) -> ExplanationStep | None:
    title = f"Resource-based policy ({facts.noun})"
    verdict = facts.verdict("resource")
    needed = _needed_for_resource(facts)
    action = facts.action
    if verdict is None:
        if needed is None:
            return None
        return _step(facts, "resource", "implicitDeny", title, f"The target has no {facts.noun}. {needed}")
    if verdict.verdict == "explicitDeny":
        return denies_step(facts, "resource", title, verdict.statements)
    if verdict.verdict == "implicitDeny":
        text = f"The {facts.noun} has no statement that allows {action} for {caller_phrase(facts.principal)}."
        if needed is not None:
            text += f" {needed}"
        else:
            text += " In the same account that is not required: identity policies can allow it on their own."
        return _step(facts, "resource", "implicitDeny", title, text)
    refs = verdict.statements
    first = refs[0]
    text = f"{_allows(refs)} allows {action} to {_kind_words(facts, first)}."
    kind = facts.strongest_resource_kind()
    if facts.principal.type in ("anonymous", "service") or (facts.principal.type == "root" and not facts.cross_account):
        pass
    elif facts.cross_account:
        text += " That is the resource's side of a cross-account request; the caller's account must allow it too."
    elif kind == MatchKind.ACCOUNT:
        text += (
            " Trusting the account grants nothing by itself: it delegates the decision to the account's "
            f"identity-based policies, so one of them must allow {action}."
        )
    elif kind == MatchKind.UNDERLYING:
        text += " Such a grant needs no identity policy, but the boundary and session policy must allow it."
    elif facts.is_trust:
        text += (
            " Because the trust policy names the caller directly, no identity policy is needed; the caller's "
            "permissions boundary and session policy must still allow it."
        )
    else:
        text += (
            " In the same account that is enough on its own: identity-based policies, a permissions boundary "
            "or a session policy cannot take it away (only an explicit Deny can)."
        )
    return _step(facts, "resource", "allowed", title, text, refs)


def _not_needed(facts: Facts, layer: Layer) -> str:
    """Why a layer that did not allow does not block the request (a same-account grant that stands alone)."""
    if facts.decision.blocked_by == layer or facts.cross_account:
        return ""
    kind = facts.strongest_resource_kind()
    if layer == "identity" and kind is not None and kind >= MatchKind.UNDERLYING:
        return f" That does not block this request: the {facts.noun} grants it without an identity policy."
    if layer != "identity" and kind == MatchKind.DIRECT and not facts.is_trust:
        noun = facts.noun
        return f" That does not block this request: a {noun} grant to the caller itself is not capped by it."
    return ""


def _holder(facts: Facts) -> str:
    principal = facts.principal
    if principal.type == "assumed-role":
        return f"The role behind this session ({principal.role_arn})"
    if principal.type == "federated-user":
        return "The IAM user behind this federated session"
    return f"The {caller_phrase(principal)}"


def identity_step(facts: Facts) -> ExplanationStep | None:
    title = "Identity-based policies"
    verdict = facts.verdict("identity")
    principal, reason, action = facts.principal, facts.decision.reason, facts.action
    if verdict is None:
        if principal.type == "root":
            if reason == "root_cannot_assume_roles":
                text = "The root user cannot assume roles; no policy can change that."
                return _step(facts, "identity", "implicitDeny", title, text)
            if not facts.cross_account and not facts.is_key:
                text = (
                    "The root user has no identity-based policies and needs none for its own account's "
                    "resources: it is allowed unless something denies it."
                )
                return _step(facts, "identity", "allowed", title, text)
            text = "The root user has no identity-based policies; its own side of this request needs none."
            if facts.is_key:
                text = "The root user has no identity-based policies; for a KMS key, the key policy decides."
        elif principal.type == "anonymous":
            text = "An anonymous caller has no identity-based policies."
        elif principal.type == "service":
            text = "A service principal has no identity-based policies."
        else:
            return None
        return _step(facts, "identity", "notApplicable", title, text)
    if verdict.verdict == "explicitDeny":
        return denies_step(facts, "identity", title, verdict.statements)
    on = resource_words(facts.request)
    if verdict.verdict == "allowed":
        return _step(
            facts,
            "identity",
            "allowed",
            title,
            f"{_allows(verdict.statements)} allows {action} {on}.",
            verdict.statements,
        )
    if facts.policy_count("identity"):
        text = f"No identity-based policy allows {action} {on}."
    else:
        text = f"{_holder(facts)} has no identity-based policies at all, so none allows {action}."
    if facts.cross_account and facts.decision.blocked_by == "identity":
        text += f" Across accounts the caller's own policies must allow it as well as the {facts.noun}."
    elif facts.strongest_resource_kind() == MatchKind.ACCOUNT and not facts.cross_account:
        text += f" The {facts.noun} trusts only the account, which leaves the decision to identity policies."
    return _step(facts, "identity", "implicitDeny", title, text + _not_needed(facts, "identity"))


def boundary_step(facts: Facts) -> ExplanationStep | None:
    title = "Permissions boundary"
    verdict = facts.verdict("boundary")
    if verdict is None:
        return None
    if verdict.verdict == "explicitDeny":
        return denies_step(facts, "boundary", title, verdict.statements)
    if verdict.verdict == "allowed":
        by = _allows(verdict.statements)
        text = f"The permissions boundary allows {facts.action} ({by}), so it does not cap this request."
        return _step(facts, "boundary", "allowed", title, text, verdict.statements)
    text = (
        f"The permissions boundary has no Allow for {facts.action}. A boundary sets the most that "
        "identity-based policies can grant: what it does not allow is denied even when an identity policy "
        "allows it."
    )
    return _step(facts, "boundary", "implicitDeny", title, text + _not_needed(facts, "boundary"))


def session_step(facts: Facts) -> ExplanationStep | None:
    title = "Session policy"
    verdict = facts.verdict("session")
    if verdict is None:
        if facts.principal.type == "federated-user" and facts.policies.session is None:
            text = (
                "This federated-user session was created without a session policy, so it has no "
                "identity-based permissions (a resource-based policy naming the session can still grant "
                "access)."
            )
            return _step(facts, "session", "implicitDeny", title, text + _not_needed(facts, "session"))
        return None
    if verdict.verdict == "explicitDeny":
        return denies_step(facts, "session", title, verdict.statements)
    if verdict.verdict == "allowed":
        by = _allows(verdict.statements)
        text = f"The session policy allows {facts.action} ({by}), so it does not narrow this request."
        return _step(facts, "session", "allowed", title, text, verdict.statements)
    text = (
        f"The session policy passed when this session was created has no Allow for {facts.action}. A session "
        "policy narrows the permissions of this one session: the request needs an Allow in it too."
    )
    return _step(facts, "session", "implicitDeny", title, text + _not_needed(facts, "session"))


__all__ = ["boundary_step", "denies_step", "identity_step", "resource_step", "session_step"]
