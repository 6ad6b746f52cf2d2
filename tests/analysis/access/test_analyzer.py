"""The Analyzer over time: findings keep their identity across scans, resolve after a fix, archive by rule or hand."""

from __future__ import annotations

import pytest
from access_support import (
    EXTERNAL,
    A,
    C,
    bucket_with_policy,
    delete_bucket_policy,
    grant,
    org_id,
    role_with_trust,
    world,
)

from workbench.analysis import AnalysisError, Analyzer, ArchiveRule

OBJECTS = "arn:aws:s3:::reports/*"


def test_a_fixed_policy_resolves_its_finding_and_keeps_it_listed() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS))
    analyzer = Analyzer.for_account(A)
    (finding,) = analyzer.scan(sim)
    assert finding.status == "ACTIVE" and finding.created_at == sim.clock.now()
    sim.clock.advance(hours=1)
    delete_bucket_policy(sim, "reports")
    (resolved,) = analyzer.scan(sim)
    assert resolved.id == finding.id and resolved.status == "RESOLVED"
    assert resolved.created_at == finding.created_at and resolved.updated_at == sim.clock.now()
    assert analyzer.active == [] and analyzer.resolved == [resolved]


def test_narrowing_a_public_grant_to_the_organization_resolves_it_for_an_organization_analyzer() -> None:
    sim = world(organization=True)
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS))
    analyzer = Analyzer.for_organization(A, name="org")
    (public,) = analyzer.scan(sim)
    assert public.is_public
    condition = {"StringEquals": {"aws:PrincipalOrgID": org_id(sim)}}
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS, Condition=condition))
    assert [(f.id, f.status) for f in analyzer.scan(sim)] == [(public.id, "RESOLVED")]


def test_the_same_grant_keeps_its_id_and_status_across_scans() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant({"AWS": C}, "s3:GetObject", OBJECTS))
    analyzer = Analyzer.for_account(A)
    first = analyzer.scan(sim)
    sim.clock.advance(days=1)
    bucket_with_policy(sim, "reports", grant({"AWS": A}, "s3:*", OBJECTS), grant({"AWS": C}, "s3:GetObject", OBJECTS))
    second = analyzer.scan(sim)
    assert [f.id for f in second] == [f.id for f in first]
    assert second[0].status == "ACTIVE" and second[0].created_at == first[0].created_at
    assert second[0].statement.index == 1


def test_changing_what_is_granted_resolves_the_old_finding_and_opens_a_new_one() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant({"AWS": C}, "s3:GetObject", OBJECTS))
    analyzer = Analyzer.for_account(A)
    (old,) = analyzer.scan(sim)
    bucket_with_policy(sim, "reports", grant({"AWS": C}, ["s3:GetObject", "s3:PutObject"], OBJECTS))
    findings = {f.status: f for f in analyzer.scan(sim)}
    assert findings["RESOLVED"].id == old.id and findings["ACTIVE"].id != old.id


def test_an_archive_rule_for_an_account_archives_its_findings_now_and_in_later_scans() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant({"AWS": EXTERNAL}, "s3:GetObject", OBJECTS))
    analyzer = Analyzer.for_account(A)
    analyzer.scan(sim)
    archived = analyzer.add_archive_rule(ArchiveRule(name="auditor", accounts=(EXTERNAL,)))
    assert [f.status for f in archived] == ["ARCHIVED"]
    role_with_trust(sim, "audit", grant({"AWS": f"arn:aws:iam::{EXTERNAL}:root"}, "sts:AssumeRole"))
    role_with_trust(sim, "vendor", grant({"AWS": f"arn:aws:iam::{C}:root"}, "sts:AssumeRole"))
    statuses = {f.resource.name: f.status for f in analyzer.scan(sim)}
    assert statuses == {"reports": "ARCHIVED", "audit": "ARCHIVED", "vendor": "ACTIVE"}


def test_archive_rule_criteria_are_anded_and_their_values_ored() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant("*", "s3:GetObject", OBJECTS), grant({"AWS": C}, "s3:PutObject", OBJECTS))
    analyzer = Analyzer.for_account(A)
    analyzer.scan(sim)
    rule = ArchiveRule(name="public-reports", resources=("arn:aws:s3:::rep*", "arn:aws:s3:::other"), is_public=True)
    (archived,) = analyzer.add_archive_rule(rule)
    assert archived.is_public
    assert [f.principal_value for f in analyzer.active] == [C]
    assert ArchiveRule(name="p", principals=("333*",)).matches(analyzer.active[0])
    assert not ArchiveRule(name="t", resource_types=("AWS::IAM::Role",)).matches(analyzer.active[0])


def test_archiving_by_hand_sticks_while_the_access_exists_and_unarchive_restores_it() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant({"AWS": C}, "s3:GetObject", OBJECTS))
    analyzer = Analyzer.for_account(A)
    (finding,) = analyzer.scan(sim)
    assert analyzer.archive(finding.id).status == "ARCHIVED"
    assert [f.status for f in analyzer.scan(sim)] == ["ARCHIVED"]
    assert analyzer.unarchive(finding.id).status == "ACTIVE"
    delete_bucket_policy(sim, "reports")
    analyzer.scan(sim)
    with pytest.raises(AnalysisError) as raised:
        analyzer.archive(finding.id)
    assert raised.value.code == "analysis_finding_resolved"


def test_a_resolved_finding_that_comes_back_is_active_again() -> None:
    sim = world()
    statement = grant({"AWS": C}, "s3:GetObject", OBJECTS)
    bucket_with_policy(sim, "reports", statement)
    analyzer = Analyzer.for_account(A)
    (finding,) = analyzer.scan(sim)
    delete_bucket_policy(sim, "reports")
    analyzer.scan(sim)
    bucket_with_policy(sim, "reports", statement)
    (back,) = analyzer.scan(sim)
    assert (back.id, back.status, back.created_at) == (finding.id, "ACTIVE", finding.created_at)


def test_mistakes_are_typed_errors() -> None:
    analyzer = Analyzer.for_account(A)
    with pytest.raises(AnalysisError) as raised:
        analyzer.add_archive_rule(ArchiveRule(name="everything"))
    assert raised.value.code == "analysis_empty_rule"
    with pytest.raises(AnalysisError) as raised:
        analyzer.finding("ea-nope")
    assert raised.value.code == "analysis_no_such_finding"
    with pytest.raises(AnalysisError) as raised:
        analyzer.remove_archive_rule("missing")
    assert raised.value.code == "analysis_no_such_rule"
    with pytest.raises(AnalysisError) as raised:
        Analyzer.for_account("999999999999").scan(world())
    assert raised.value.code == "analysis_no_account"


def test_repr_counts_findings_by_status() -> None:
    sim = world()
    bucket_with_policy(sim, "reports", grant({"AWS": C}, "s3:GetObject", OBJECTS))
    analyzer = Analyzer.for_account(A, name="prod")
    analyzer.scan(sim)
    assert repr(analyzer) == "<analyzer prod (account 111111111111): 1 active, 0 archived, 0 resolved>"
