"""Layer 6, analysis: questions about an account answered by the engine (who can, escalation, unused access…)."""

from __future__ import annotations

from workbench.analysis.analyzer import Analyzer, ArchiveRule
from workbench.analysis.assume_graph import AssumeEdge, AssumeGraph, GraphNode, who_can_assume
from workbench.analysis.errors import AnalysisError
from workbench.analysis.escalation import escalation_paths
from workbench.analysis.escalation_model import EscalationEdge, EscalationGraph, EscalationPath, EscalationReport
from workbench.analysis.external_access import (
    Evidence,
    ExternalAccessFinding,
    FindingStatus,
    StatementLocation,
    ZoneOfTrust,
    find_external_access,
)
from workbench.analysis.generate_policy import GeneratedPolicy, generate_policy
from workbench.analysis.policy_checks import (
    AccessComparison,
    RequestDifference,
    check_no_new_access,
    compare_access,
    grants_more,
)
from workbench.analysis.principals import PrincipalIndex, principal_index
from workbench.analysis.reach import Reach, reach
from workbench.analysis.resource_policies import AnalyzedResource
from workbench.analysis.unused import UnusedAccessFinding, UnusedAction, UnusedService, find_unused_access
from workbench.analysis.who_can import Access, who_can

__all__ = [
    "Access",
    "AccessComparison",
    "AnalysisError",
    "AnalyzedResource",
    "Analyzer",
    "ArchiveRule",
    "AssumeEdge",
    "AssumeGraph",
    "EscalationEdge",
    "EscalationGraph",
    "EscalationPath",
    "EscalationReport",
    "Evidence",
    "ExternalAccessFinding",
    "FindingStatus",
    "GeneratedPolicy",
    "GraphNode",
    "PrincipalIndex",
    "Reach",
    "RequestDifference",
    "StatementLocation",
    "UnusedAccessFinding",
    "UnusedAction",
    "UnusedService",
    "ZoneOfTrust",
    "check_no_new_access",
    "compare_access",
    "escalation_paths",
    "find_external_access",
    "find_unused_access",
    "generate_policy",
    "grants_more",
    "principal_index",
    "reach",
    "who_can",
    "who_can_assume",
]
