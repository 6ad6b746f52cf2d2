"""Explain, step 2: AWS's flow as steps (explicit deny, SCP, RCP, resource, identity, boundary, session)."""

from __future__ import annotations

from workbench.engine.decision import Layer
from workbench.explain.facts import Facts
from workbench.explain.layers import boundary_step, denies_step, identity_step, resource_step, session_step
from workbench.explain.model import ExplanationStep, describe_statement
from workbench.explain.wording import resource_words, sentence
from workbench.policy.catalog import load_catalog

BYPASS_REASONS = frozenset(
    {
        "get_caller_identity",
        "anonymous_not_authenticated",
        "get_session_token",
        "get_session_token_needs_long_term_credentials",
    }
)


def build_steps(facts: Facts) -> tuple[ExplanationStep, ...]:
    """The steps that took part, in AWS's order, plus notes where a learner might wonder."""
    if facts.decision.reason in BYPASS_REASONS:
        return (_bypass_step(facts),)
    steps = [_deny_step(facts), _org_step(facts, "scp"), _org_step(facts, "rcp")]
    steps += [resource_step(facts), identity_step(facts), boundary_step(facts), session_step(facts)]
    return tuple(step for step in steps if step is not None)


def _bypass_step(facts: Facts) -> ExplanationStep:
    texts = {
        "get_caller_identity": (
            "allowed",
            "sts:GetCallerIdentity needs no permission: any signed-in caller may ask who it is, "
            "even when a policy denies it explicitly.",
        ),
        "anonymous_not_authenticated": (
            "implicitDeny",
            "An anonymous caller is not signed in, so it cannot ask who it is.",
        ),
        "get_session_token": (
            "allowed",
            "sts:GetSessionToken needs no permission when called with an IAM user's or the root user's "
            "long-term access keys; a policy that names it has no effect.",
        ),
        "get_session_token_needs_long_term_credentials": (
            "implicitDeny",
            "sts:GetSessionToken cannot be called with temporary credentials (a role or federated-user "
            "session): it needs an IAM user's or the root user's long-term access keys. No policy can "
            "change that; AWS answers AccessDenied.",
        ),
    }
    verdict, text = texts[facts.decision.reason]
    return ExplanationStep(
        layer="bypass",
        verdict="allowed" if verdict == "allowed" else "implicitDeny",
        title="Actions that need no permission",
        text=text,
        decisive=True,
    )


def _deny_step(facts: Facts) -> ExplanationStep:
    decision = facts.decision
    title = "Explicit deny check"
    if decision.decision == "explicitDeny":
        refs = decision.decisive
        text = (
            f"{refs[0].label} denies {facts.action} {resource_words(facts.request)}. "
            "An explicit Deny overrides every Allow, so AWS stops here."
        )
        if len(refs) > 1:
            others = ", ".join(ref.label for ref in refs[1:])
            text += f" Also denying: {others}."
        return ExplanationStep(
            layer="deny",
            verdict="explicitDeny",
            title=title,
            text=sentence(text),
            statements=refs,
            decisive=True,
        )
    text = "No Deny statement in any applicable policy matches this request."
    for failure in facts.failed_conditions("Deny")[:1]:
        text += f" {describe_statement(failure.statement)} would deny it, but its condition did not hold."
    for event in facts.events:
        if event.stage == "principal" and event.statement.effect == "Deny":
            text += (
                f" {describe_statement(event.statement)} matches the action and resource, but its "
                "Principal/NotPrincipal does not cover this caller."
            )
            break
    return ExplanationStep(layer="deny", verdict="passed", title=title, text=text)


def _org_step(facts: Facts, layer: Layer) -> ExplanationStep | None:
    decision = facts.decision
    short = "SCP" if layer == "scp" else "RCP"
    title = "Service control policies (SCPs)" if layer == "scp" else "Resource control policies (RCPs)"
    verdict = facts.verdict(layer)
    if verdict is None:
        note = _org_not_applicable(facts, layer)
        if note is None:
            return None
        return ExplanationStep(layer=layer, verdict="notApplicable", title=title, text=note)
    whose = "the caller's account" if layer == "scp" else "the resource's account"
    if verdict.verdict == "explicitDeny":
        return denies_step(facts, layer, title, verdict.statements)
    blocked = facts.blocked_levels(layer)
    if not blocked:
        count = facts.level_count(layer)
        text = (
            f"Every level from the organization root down to {whose} ({count} level"
            f"{'s' if count != 1 else ''}) has an {short} that allows {facts.action}. {short}s never grant "
            "permissions by themselves; they only set the limit, and this request is within it."
        )
        return ExplanationStep(layer=layer, verdict="allowed", title=title, text=text, statements=facts.matched(layer))
    level = (
        decision.blocked_level if decision.blocked_by == layer and decision.blocked_level is not None else blocked[0]
    )
    attached = facts.level_policies(layer, level)
    where = f"attached there: {', '.join(attached)}" if attached else "no policy is attached there"
    text = (
        f"No {short} attached at {facts.level_name(layer, level)} allows {facts.action} ({where}). "
        f"Every level from the organization root down to {whose} must allow the action, so this blocks "
        "the request."
    )
    if layer == "scp":
        text += (
            " AWS's error message may call this an explicit deny in a service control policy; the "
            "workbench reports it as an implicit deny (AMB-01)."
        )
    return ExplanationStep(
        layer=layer,
        verdict="implicitDeny",
        title=title,
        text=text,
        decisive=decision.reason == f"{layer}_no_allow",
    )


def _org_not_applicable(facts: Facts, layer: Layer) -> str | None:
    principal = facts.principal
    if layer == "scp":
        if principal.type == "service":
            return "SCPs never apply to service principals."
        if principal.type == "anonymous":
            return "SCPs never apply to anonymous callers."
        if principal.is_service_linked_role_session:
            return "SCPs do not restrict service-linked roles."
        if facts.policies.scp_levels is None:
            return "No SCPs: the caller's account is not in an organization."
        return None
    if facts.policies.rcp_levels is None:
        return None
    service = facts.request.action_lower.split(":", 1)[0]
    if not load_catalog().rcp_supported(service):
        return (
            f"RCPs do not cover {service}: they apply only to the services that support them "
            "(such as S3, STS, KMS, SQS and Secrets Manager)."
        )
    return "RCPs do not stop a service from assuming its own service-linked role."


__all__ = ["BYPASS_REASONS", "build_steps"]
