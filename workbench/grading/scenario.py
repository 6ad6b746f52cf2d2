"""Grading: a scenario plus the learner's documents → the requests and policy sets the engine decides.

Documents are parsed once per grading run; a slot that does not parse is reported (with its line
and column) and leaves its place empty, so every check still gets an answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.engine.policy_set import PolicySet
from workbench.engine.request import AuthorizationRequest, Principal, Resource
from workbench.errors import PolicyParseError
from workbench.grading.exercise import Exercise, Policy, ScenarioResource, Slot
from workbench.policy.model import PolicyDocument
from workbench.policy.parse import parse_policy


@dataclass(frozen=True, slots=True)
class SlotProblem:
    slot: str
    message: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.slot}: line {self.line}, column {self.column}: {self.message}"


@dataclass
class World:
    """The scenario with the learner's documents in place, ready for requests."""

    exercise: Exercise
    documents: dict[str, PolicyDocument] = field(default_factory=dict)
    problems: list[SlotProblem] = field(default_factory=list)
    _sets: dict[tuple[str, str | None], PolicySet] = field(default_factory=dict)

    @classmethod
    def build(cls, exercise: Exercise, submitted: Mapping[str, str]) -> World:
        world = cls(exercise)
        for slot in exercise.slots:
            text = submitted.get(slot.id, "")
            try:
                world.documents[slot.id] = parse_policy(text, name=slot.title)
            except PolicyParseError as error:
                world.problems.append(SlotProblem(slot.id, error.message, error.line, error.column))
        return world

    # -- who and what --------------------------------------------------------------------------
    def principal(self, name: str) -> Principal:
        spec = self.exercise.scenario.principals[name]
        inferred = Principal.from_arn(spec.arn)
        return inferred.model_copy(
            update={
                "tags": dict(spec.tags),
                "role_arn": spec.role_arn or inferred.role_arn,
                "source_user_arn": spec.source_user_arn,
            }
        )

    def target(self, resource_arn: str, named: str | None) -> tuple[str | None, ScenarioResource | None]:
        resources = self.exercise.scenario.resources
        if named is not None:
            return named, resources[named]
        best: tuple[str | None, ScenarioResource | None] = (None, None)
        for name, resource in resources.items():
            holds = resource_arn == resource.arn or resource_arn.startswith(resource.arn + "/")
            if holds and (best[1] is None or len(resource.arn) > len(best[1].arn)):
                best = (name, resource)
        return best

    def request(
        self,
        principal_name: str,
        action: str,
        resource_arn: str,
        context: Mapping[str, Any],
        target: str | None,
    ) -> tuple[AuthorizationRequest, PolicySet]:
        principal = self.principal(principal_name)
        resource_name, resource = self.target(resource_arn, target)
        account = (resource.account if resource is not None else None) or principal.account
        request = AuthorizationRequest(
            principal=principal,
            action=action,
            resource=Resource(arn=resource_arn, account=account),
            context=dict(context),
        )
        request.check()
        return request, self.policy_set(principal_name, resource_name, account)

    # -- policies ------------------------------------------------------------------------------
    def _slots_for(self, **where: Any) -> list[Slot]:
        found = []
        for slot in self.exercise.slots:
            attach = slot.attach
            if all(getattr(attach, key) == value for key, value in where.items()):
                found.append(slot)
        return found

    def _slot_documents(self, slot_type: str, **where: Any) -> list[PolicyDocument]:
        return [
            self.documents[slot.id]
            for slot in self._slots_for(**where)
            if slot.type == slot_type and slot.id in self.documents
        ]

    def _fixed(self, policy: Policy, name: str) -> PolicyDocument:
        return parse_policy(policy if isinstance(policy, str) else json.dumps(policy, indent=2), name=name)

    def policy_set(self, principal_name: str, resource_name: str | None, resource_account: str | None) -> PolicySet:
        key = (principal_name, resource_name)
        cached = self._sets.get(key)
        if cached is not None:
            return cached
        scenario = self.exercise.scenario
        spec = scenario.principals[principal_name]
        identity = [self._fixed(p, f"{principal_name}'s policy {i + 1}") for i, p in enumerate(spec.policies)]
        identity += self._slot_documents("identity", principal=principal_name)
        for group in spec.groups:
            identity += [
                self._fixed(p, f"group {group} policy {i + 1}") for i, p in enumerate(scenario.groups[group].policies)
            ]
            identity += self._slot_documents("identity", group=group)
        boundary = self._one(self._slot_documents("boundary", principal=principal_name), spec.boundary, "boundary")
        session = self._one(self._slot_documents("session", principal=principal_name), spec.session_policy, "session")
        resource_doc = None
        if resource_name is not None:
            fixed = scenario.resources[resource_name].policy
            written = self._slot_documents("resource", resource=resource_name) + self._slot_documents(
                "trust", resource=resource_name
            )
            resource_doc = written[0] if written else (self._fixed(fixed, f"{resource_name} policy") if fixed else None)
        principal_account = Principal.from_arn(spec.arn).account
        policy_set = PolicySet(
            identity=tuple(identity),
            resource=resource_doc,
            boundary=boundary,
            session=session,
            scp_levels=self._levels("scp", scenario.scps, principal_account),
            rcp_levels=self._levels("rcp", scenario.rcps, resource_account),
        )
        self._sets[key] = policy_set
        return policy_set

    def _one(self, written: list[PolicyDocument], fixed: Policy | None, label: str) -> PolicyDocument | None:
        if written:
            return written[0]
        return self._fixed(fixed, label) if fixed is not None else None

    def _levels(
        self, slot_type: str, fixed: Mapping[str, tuple[tuple[Policy, ...], ...]], account: str | None
    ) -> tuple[tuple[PolicyDocument, ...], ...] | None:
        written = [s for s in self.exercise.slots if s.type == slot_type and s.attach.account == account]
        if account is None or (account not in fixed and not written):
            return None
        levels = [
            [self._fixed(p, f"{slot_type.upper()} {j + 1} at level {i}") for j, p in enumerate(level)]
            for i, level in enumerate(fixed.get(account, ()))
        ]
        for slot in written:
            while len(levels) <= slot.attach.level:
                levels.append([])
            if slot.id in self.documents:
                levels[slot.attach.level].append(self.documents[slot.id])
        return tuple(tuple(level) for level in levels)
