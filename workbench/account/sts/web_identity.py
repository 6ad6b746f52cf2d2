"""STS AssumeRoleWithWebIdentity: an OpenID Connect ID token, not AWS credentials, buys a role session (S2, M2).

The call is unsigned: whatever credentials the client holds are ignored. The token is checked
against an IAM OIDC provider of the role's account (:mod:`.web_identity_tokens`), the trust policy
is decided for the ``Federated`` caller (:mod:`.web_identity_trust`), and the session records its
provider (``aws:FederatedProvider``) and never reports MFA (M2).
"""

from __future__ import annotations

from typing import Any

from workbench.account.model import Account
from workbench.account.service import operation
from workbench.account.sts.assume_role import session_duration
from workbench.account.sts.base import StsBase, credentials_response, role_session_arn
from workbench.account.sts.rules import ASSUME_ROLE_DURATION, check_role_session_name, duration, parse_role_arn
from workbench.account.sts.session_policies import packed_policy_size, resolve_session_policies
from workbench.account.sts.web_identity_tokens import find_provider, read_web_identity_token, verify_web_identity_token
from workbench.account.sts.web_identity_trust import WebIdentityCaller, decide_web_identity
from workbench.clock import iso

NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithWebIdentity"


class WebIdentityOperations(StsBase):
    @operation("AssumeRoleWithWebIdentity")
    def assume_role_with_web_identity(
        self,
        *,
        RoleArn: str,
        RoleSessionName: str,
        WebIdentityToken: str,
        ProviderId: str | None = None,
        PolicyArns: list[dict[str, str]] | None = None,
        Policy: str | None = None,
        DurationSeconds: int | None = None,
        MinimumSessionTokenSize: Any = None,
    ) -> dict[str, Any]:
        name = self._operation
        role_account_id, _, role_name = parse_role_arn(RoleArn, name)
        check_role_session_name(RoleSessionName, name)
        duration(DurationSeconds, ASSUME_ROLE_DURATION, name)
        claims = read_web_identity_token(WebIdentityToken, name)
        found = self.find_role(role_account_id, role_name)
        if found is None:
            raise self.error("AccessDenied", NOT_AUTHORIZED)
        role_account, role = found
        provider = find_provider(role_account.oidc_providers, claims, name)
        audience = verify_web_identity_token(self.sim, claims, provider, self.now, name)
        policies, arns = resolve_session_policies(role_account, Policy, PolicyArns, name)

        context = self.web_identity_context(claims.host, audience, claims.subject, RoleSessionName, provider.arn)
        context.update({f"aws:ResourceTag/{key}": value for key, value in role.tags.items()})
        verdict = decide_web_identity(
            role.trust_policy,
            role.arn,
            role_account_id,
            self.sim.state.organization,
            WebIdentityCaller(provider.arn, claims.host),
            context,
        )
        if not verdict.allowed:
            why = {
                "explicit_deny": "an explicit deny in the role's trust policy or a resource control policy",
                "rcp_no_allow": "a resource control policy allows no such request",
                "resource_policy_required": "no statement of the role's trust policy allows this web identity",
            }[verdict.reason]
            raise self.error("AccessDenied", f"{NOT_AUTHORIZED} ({why})")

        seconds = session_duration(DurationSeconds, role, False, name)
        packed = packed_policy_size([Policy] if Policy is not None else [], arns, {}, name)
        session = self.new_session(
            "assumed-role",
            role_account_id,
            role_session_arn(role_account_id, role, RoleSessionName),
            seconds,
            role_name=role.name,
            session_name=RoleSessionName,
            session_policies=policies,
            federated_provider=provider.arn,
        )
        used = role.model_copy(update={"last_used_date": self.now, "last_used_region": self.connection.region})
        changed: Account = role_account.model_copy(update={"roles": {**role_account.roles, role.name.lower(): used}})
        self.save_session(session, [changed])
        answer: dict[str, Any] = {
            "Credentials": credentials_response(session),
            "SubjectFromWebIdentityToken": claims.subject,
            "AssumedRoleUser": {"AssumedRoleId": f"{role.role_id}:{RoleSessionName}", "Arn": session.arn},
            "Provider": claims.issuer,
            "Audience": audience,
        }
        if packed is not None:
            answer["PackedPolicySize"] = packed
        return answer

    def web_identity_context(
        self, host: str, audience: str, subject: str, session_name: str, provider_arn: str
    ) -> dict[str, Any]:
        """The request context of a web identity call: K2's request keys plus the provider's claims."""
        connection = self.connection
        context: dict[str, Any] = {
            "aws:CurrentTime": iso(self.now),
            "aws:EpochTime": str(self.sim.clock.epoch()),
            "aws:SecureTransport": "true" if connection.secure_transport else "false",
            "aws:RequestedRegion": connection.region,
            "aws:FederatedProvider": provider_arn,
            "sts:RoleSessionName": session_name,
            f"{host}:aud": audience,
            f"{host}:sub": subject,
        }
        if connection.source_ip and not connection.via_vpc_endpoint:
            context["aws:SourceIp"] = connection.source_ip
        return context
