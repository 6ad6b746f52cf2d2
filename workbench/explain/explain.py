"""Explain, entry point: a decision and its policy set → an :class:`Explanation` (steps, misses, a fix)."""

from __future__ import annotations

from workbench.engine.authorize import authorize
from workbench.engine.decision import Decision, Layer, TraceEvent
from workbench.engine.policy_set import PolicySet
from workbench.errors import WorkbenchError
from workbench.explain.facts import Facts
from workbench.explain.model import ConditionNote, Explanation, NearestStatement, NearMiss, describe_statement
from workbench.explain.reasons import fix_hint, headline
from workbench.explain.steps import build_steps
from workbench.explain.wording import caller_phrase, condition_words

NEAREST_LIMIT = 3


def explain_decision(decision: Decision, policies: PolicySet) -> Explanation:
    """Explain ``decision``, which ``authorize`` made for ``policies``.

    Without a trace the request is decided again with ``trace=True`` (tracing is opt-in in the engine;
    explaining is not on the hot path). Raises :class:`WorkbenchError` (``explain_decision_mismatch``)
    when ``policies`` are not the ones the decision was made with.
    """
    if decision.trace is None:
        traced = authorize(decision.request, policies, trace=True)
        if (traced.decision, traced.reason) != (decision.decision, decision.reason):
            raise WorkbenchError(
                f"this decision ({decision.decision}, {decision.reason}) was not made with these policies "
                f"(they give {traced.decision}, {traced.reason})",
                code="explain_decision_mismatch",
            )
        decision = traced
    facts = Facts(decision, policies)
    nearest = _nearest(facts)
    return Explanation(
        decision=decision,
        headline=headline(facts),
        steps=build_steps(facts),
        nearest=nearest,
        condition_failures=_condition_notes(facts),
        missing_context_keys=decision.missing_context_keys,
        fix_hint=fix_hint(facts, nearest),
    )


def _nearest_layers(facts: Facts) -> tuple[Layer, ...]:
    """Where an Allow was missing: the layer whose statements a learner should compare with the request."""
    match facts.decision.reason:
        case "no_identity_allow":
            return ("identity",)
        case "boundary_no_allow":
            return ("boundary",)
        case "session_no_allow":
            return ("session",)
        case "scp_no_allow":
            return ("scp",)
        case "rcp_no_allow":
            return ("rcp",)
        case (
            "cross_account_no_resource_allow"
            | "resource_policy_required"
            | "resource_policy_no_allow"
            | "anonymous_no_public_grant"
            | "service_principal_not_granted"
        ):
            return ("resource",)
    return ()


def _miss(facts: Facts, event: TraceEvent) -> NearMiss | None:
    if event.stage == "action":
        return "action" if facts.resource_matches(event.statement) else None
    if event.stage == "matched":
        return None
    return event.stage


def _related(facts: Facts, event: TraceEvent) -> bool:
    """Whether an action miss names this resource or service (``ec2:*`` on ``*`` is far from ``s3:…``)."""
    compiled = facts.statement(event.statement)
    if compiled is None:
        return False
    statement = compiled.statement
    if statement.resource != ("*",) or statement.action is None:
        return True
    service = facts.request.action_lower.split(":", 1)[0]
    return any(pattern.split(":", 1)[0].lower() in (service, "*") for pattern in statement.action)


_RANK: tuple[NearMiss, ...] = ("condition", "principal", "resource", "action")


def _nearest(facts: Facts) -> tuple[NearestStatement, ...]:
    """For an implicit deny: the Allows of the blocking layer that failed exactly one test, closest first."""
    decision = facts.decision
    layers = _nearest_layers(facts)
    if decision.decision != "implicitDeny" or not layers:
        return ()
    level = decision.blocked_level if decision.blocked_by in ("scp", "rcp") else None
    found: list[tuple[int, int, NearMiss, TraceEvent]] = []
    for position, event in enumerate(facts.events):
        ref = event.statement
        if ref.layer not in layers or ref.effect != "Allow" or (level is not None and ref.level != level):
            continue
        missed = _miss(facts, event)
        if missed is not None:
            rank = _RANK.index(missed) + (missed == "action" and not _related(facts, event))
            found.append((rank, position, missed, event))
    found.sort(key=lambda item: (item[0], item[1]))
    if found and found[0][0] < len(_RANK):
        # Unrelated statements (another service on "*") are shown only when nothing closer exists.
        found = [item for item in found if item[0] < len(_RANK)]
    nearest: list[NearestStatement] = []
    for number, (_, _, missed, event) in enumerate(found[:NEAREST_LIMIT]):
        lead = "the nearest statement" if number == 0 else "also close"
        text = f"{lead}, {describe_statement(event.statement)}, {_near_words(facts, event, missed)}"
        nearest.append(NearestStatement(statement=event.statement, missed=missed, text=text))
    return tuple(nearest)


def _near_words(facts: Facts, event: TraceEvent, missed: NearMiss) -> str:
    compiled = facts.statement(event.statement)
    statement = compiled.statement if compiled is not None else None
    if missed == "condition":
        failure = facts.failure_of(event.statement)
        because = f": {condition_words(failure)}" if failure is not None else ""
        return f"matches the action and resource but not its condition{because}"
    if missed == "principal":
        block = statement.principal if statement is not None else None
        if block is None:
            return "matches the action and resource, but an Allow with NotPrincipal grants nothing"
        names = ", ".join(entry.value for entry in block.entries) or "*"
        caller = caller_phrase(facts.principal)
        return f"matches the action and resource, but its Principal names {names}, not {caller}"
    if missed == "resource":
        if statement is not None and statement.resource is not None:
            return f"matches the action but not the resource (its Resource is {_some(statement.resource)})"
        return "matches the action but its NotResource excludes the resource"
    if statement is not None and statement.action is not None:
        service = facts.action.split(":", 1)[0].lower() + ":"
        return f"matches the resource but not the action (its Action is {_some(statement.action, service)})"
    return "matches the resource but its NotAction excludes the action"


_SHOWN = 6
"""Entries of a long Action or Resource list quoted in a near miss (an AWS managed policy has hundreds)."""


def _some(entries: tuple[str, ...], first: str = "") -> str:
    """A short listing: entries starting with ``first`` (the request's service) before the others."""
    if len(entries) <= _SHOWN:
        return ", ".join(entries)
    ordered = sorted(entries, key=lambda entry: not entry.lower().startswith(first)) if first else list(entries)
    return f"{', '.join(ordered[:_SHOWN])} and {len(entries) - _SHOWN} more"


def _condition_notes(facts: Facts) -> tuple[ConditionNote, ...]:
    """Conditions that mattered: failed Allows for a denial, failed Denies for an allowed request."""
    decision = facts.decision
    if decision.decision == "explicitDeny":
        return ()
    effect = "Deny" if decision.allowed else "Allow"
    return tuple(
        ConditionNote(statement=f.statement, operator=f.operator, key=f.key, text=condition_words(f))
        for f in facts.failed_conditions(effect)
    )


__all__ = ["explain_decision"]
