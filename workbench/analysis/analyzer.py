"""Analysis, external access over time: an :class:`Analyzer` keeps findings across scans (active, archived, resolved).

Like an IAM Access Analyzer analyzer, it has a zone of trust (an account or an organization)
and remembers what it found. Each :meth:`Analyzer.scan` recomputes the findings
(:func:`find_external_access`) and reconciles them by id (resource, principal, actions and
conditions):

- a new finding is ``ACTIVE``, or ``ARCHIVED`` when an archive rule matches it;
- a finding seen again keeps its status (an archived one stays archived); a ``RESOLVED`` one that
  comes back is active again;
- a finding no longer found becomes ``RESOLVED`` (the access is gone: the lesson's fix worked).

Archive rules are filters (criteria ANDed, the values of one criterion ORed), applied to new
findings and, when a rule is added, to the active ones, as AWS does. :meth:`Analyzer.archive`
archives one finding by hand; :meth:`Analyzer.unarchive` makes it active again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from workbench.analysis.errors import AnalysisError
from workbench.analysis.external_access import (
    ExternalAccessFinding,
    FindingStatus,
    ZoneOfTrust,
    find_external_access,
)
from workbench.wildcard import Glob

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation


class ArchiveRule(BaseModel):
    """Archive findings matching every given criterion (values of one criterion are alternatives; ``*``/``?`` allowed).

    ``principals`` match the principal as written; ``accounts`` the external account (the one a
    principal names, or the one the evidence came from); ``resources`` the resource ARN;
    ``resource_types`` e.g. ``AWS::S3::Bucket``; ``is_public`` the public flag.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    principals: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    resource_types: tuple[str, ...] = ()
    is_public: bool | None = None

    @property
    def has_criteria(self) -> bool:
        return bool(self.principals or self.accounts or self.resources or self.resource_types) or (
            self.is_public is not None
        )

    def matches(self, finding: ExternalAccessFinding) -> bool:
        checks = (
            (self.principals, finding.principal_value),
            (self.accounts, finding.external_account),
            (self.resources, finding.resource.arn),
            (self.resource_types, finding.resource.type),
        )
        for patterns, value in checks:
            if patterns and (value is None or not any(Glob.compile(p).matches(value) for p in patterns)):
                return False
        return self.is_public is None or self.is_public == finding.is_public


class Analyzer:
    """An access analyzer: a zone of trust, archive rules, and every finding it has reported, by id."""

    def __init__(self, zone: ZoneOfTrust, *, name: str = "analyzer", archive_rules: Iterable[ArchiveRule] = ()) -> None:
        self.zone = zone
        self.name = name
        self._rules: dict[str, ArchiveRule] = {}
        self._findings: dict[str, ExternalAccessFinding] = {}
        for rule in archive_rules:
            self.add_archive_rule(rule)

    @classmethod
    def for_account(cls, account_id: str, **options: object) -> Analyzer:
        """An analyzer whose zone of trust is one account."""
        return cls(ZoneOfTrust(type="ACCOUNT", account_id=account_id), **options)  # type: ignore[arg-type]

    @classmethod
    def for_organization(cls, account_id: str, **options: object) -> Analyzer:
        """An analyzer whose zone of trust is the organization ``account_id`` belongs to (all its accounts)."""
        return cls(ZoneOfTrust(type="ORGANIZATION", account_id=account_id), **options)  # type: ignore[arg-type]

    # -- scanning ---------------------------------------------------------------------------------
    def scan(self, sim: Simulation) -> list[ExternalAccessFinding]:
        """Analyze the simulation now; returns every finding this analyzer knows (resolved ones included)."""
        now = sim.clock.now()
        current = {f.id: f for f in find_external_access(sim.state, self.zone, now=now)}
        for finding_id, gone in list(self._findings.items()):
            if finding_id not in current and gone.status != "RESOLVED":
                self._findings[finding_id] = gone.model_copy(update={"status": "RESOLVED", "updated_at": now})
        for finding_id, finding in current.items():
            known = self._findings.get(finding_id)
            if known is None or known.status == "RESOLVED":
                status: FindingStatus = "ARCHIVED" if self._archived_by_rule(finding) else "ACTIVE"
                created = known.created_at if known is not None else now
                self._findings[finding_id] = finding.model_copy(
                    update={"status": status, "created_at": created, "updated_at": now}
                )
            else:
                update = {"status": known.status, "created_at": known.created_at, "updated_at": known.updated_at}
                self._findings[finding_id] = finding.model_copy(update=update)
        return self.findings()

    # -- reading ----------------------------------------------------------------------------------
    def findings(self, status: FindingStatus | None = None) -> list[ExternalAccessFinding]:
        """Known findings (optionally of one status), by resource, then statement, then id."""
        chosen = (f for f in self._findings.values() if status is None or f.status == status)
        return sorted(chosen, key=lambda f: (f.resource.arn, f.statement.index, f.id))

    @property
    def active(self) -> list[ExternalAccessFinding]:
        return self.findings("ACTIVE")

    @property
    def archived(self) -> list[ExternalAccessFinding]:
        return self.findings("ARCHIVED")

    @property
    def resolved(self) -> list[ExternalAccessFinding]:
        return self.findings("RESOLVED")

    def finding(self, finding_id: str) -> ExternalAccessFinding:
        found = self._findings.get(finding_id)
        if found is None:
            raise AnalysisError(f"analyzer {self.name} has no finding {finding_id}", code="analysis_no_such_finding")
        return found

    # -- archiving --------------------------------------------------------------------------------
    @property
    def archive_rules(self) -> tuple[ArchiveRule, ...]:
        return tuple(self._rules.values())

    def add_archive_rule(self, rule: ArchiveRule) -> list[ExternalAccessFinding]:
        """Add (or replace, by name) a rule; archive the active findings it matches and return them."""
        if not rule.has_criteria:
            raise AnalysisError(
                f"archive rule {rule.name!r} has no criteria: it would archive everything", code="analysis_empty_rule"
            )
        self._rules[rule.name] = rule
        archived = [f for f in self.active if rule.matches(f)]
        for finding in archived:
            self._set_status(finding.id, "ARCHIVED")
        return [self._findings[f.id] for f in archived]

    def remove_archive_rule(self, name: str) -> None:
        """Forget a rule (findings it archived stay archived, as in AWS)."""
        if self._rules.pop(name, None) is None:
            raise AnalysisError(f"analyzer {self.name} has no archive rule {name!r}", code="analysis_no_such_rule")

    def archive(self, finding_id: str) -> ExternalAccessFinding:
        """Archive one finding by hand (an intended access); it stays archived while the access exists."""
        return self._set_status(finding_id, "ARCHIVED")

    def unarchive(self, finding_id: str) -> ExternalAccessFinding:
        """Make an archived finding active again."""
        return self._set_status(finding_id, "ACTIVE")

    def _set_status(self, finding_id: str, status: FindingStatus) -> ExternalAccessFinding:
        finding = self.finding(finding_id)
        if finding.status == "RESOLVED":
            raise AnalysisError(
                f"finding {finding_id} is resolved: the access it reported no longer exists",
                code="analysis_finding_resolved",
            )
        updated = finding.model_copy(update={"status": status})
        self._findings[finding_id] = updated
        return updated

    def _archived_by_rule(self, finding: ExternalAccessFinding) -> bool:
        return any(rule.matches(finding) for rule in self._rules.values())

    def __repr__(self) -> str:
        counts = {status: len(self.findings(status)) for status in ("ACTIVE", "ARCHIVED", "RESOLVED")}
        zone = f"{self.zone.type.lower()} {self.zone.account_id}"
        tally = f"{counts['ACTIVE']} active, {counts['ARCHIVED']} archived, {counts['RESOLVED']} resolved"
        return f"<analyzer {self.name} ({zone}): {tally}>"
