"""Validate step: a parsed policy → a ValidationReport of every problem (code, severity, where, why, hint).

Each module holds one group of checks (grammar of the document and statements, Sids, principals,
ARNs, actions, conditions, variables, security, size, redundancy); :func:`validate_policy` runs
them all and never stops at the first finding.
"""

from workbench.policy.validate.validator import validate_policy

__all__ = ["validate_policy"]
