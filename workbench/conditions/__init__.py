"""Layer 1: IAM condition operators, one module per family, combined by the rules C1–C13.

The engine codes against this surface only::

    op = parse_operator("ForAnyValue:StringLikeIfExists")       # once per policy; case-insensitive
    condition_matches(op, request_value, policy_values)         # -> bool, the simple entry point

``request_value`` is ``None`` (key absent), a ``str`` (single-valued key) or a ``tuple`` of str
(multivalued key, possibly empty). ``policy_values`` are the policy's values for that key after
variable substitution: ``Glob`` objects for operators whose ``op.uses_wildcards`` is true (plain
text is also accepted and then read with ``*``/``?`` as wildcards), text for the others, and
``None`` for a variable that did not resolve.

Fast path. ``condition_matches`` remembers compiled policy values in a bounded cache, but an
engine that holds parsed policies can skip even the cache lookup::

    compiled = op.compile_values(policy_values)                 # once per policy: CompiledValues
    op.matches(request_value, compiled)                         # per request, same answer

``check_policy_value(op, text)`` is the validation hook: None when a policy value is acceptable
for the operator, else a short reason ("'abc' is not a number").
"""

from workbench.conditions.kernel import Family, PolicyValue, RequestValue, SetQualifier
from workbench.conditions.operators import (
    OPERATOR_NAMES,
    CompiledValues,
    ConditionOperator,
    UnknownOperatorError,
    check_policy_value,
    condition_matches,
    parse_operator,
)

__all__ = [
    "OPERATOR_NAMES",
    "CompiledValues",
    "ConditionOperator",
    "Family",
    "PolicyValue",
    "RequestValue",
    "SetQualifier",
    "UnknownOperatorError",
    "check_policy_value",
    "condition_matches",
    "parse_operator",
]
