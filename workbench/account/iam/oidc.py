"""IAM operations on OpenID Connect identity providers, the principals of web-identity trust policies.

A provider is named by its issuer URL without the scheme: ``https://token.example.com/id/1`` becomes
``arn:aws:iam::<acct>:oidc-provider/token.example.com/id/1``, and IAM answers ``Url`` in that form
(it is also the prefix of the provider's condition keys, such as ``token.example.com/id/1:aud``).
"""

from __future__ import annotations

import re
from typing import Any

from workbench.account.authorization import Target
from workbench.account.iam.base import IamBase
from workbench.account.iam.rules import check_tags, tag_list, tags_from
from workbench.account.model import Account, OIDCProvider
from workbench.account.service import operation

CLIENT_IDS_PER_PROVIDER = 100
THUMBPRINTS_PER_PROVIDER = 5
PROVIDERS_PER_ACCOUNT = 100
PROVIDER_ARN = re.compile(r"^arn:aws:iam::(\d{12}):oidc-provider/(.+)$")


class OidcOperations(IamBase):
    def _provider_arn(self, arn: str) -> str:
        """The account an OIDC provider ARN names (``InvalidInput`` when it is not one)."""
        match = PROVIDER_ARN.match(arn)
        if match is None:
            raise self.error(
                "InvalidInput", f"ARN {arn} is not valid: expected arn:aws:iam::<account>:oidc-provider/<url>."
            )
        return match.group(1)

    def _provider(self, account: Account, arn: str) -> OIDCProvider:
        provider = account.oidc_providers.get(arn)
        if provider is None:
            raise self.error("NoSuchEntity", f"OpenIDConnect Provider not found for arn {arn}")
        return provider

    def _save_provider(self, account: Account, provider: OIDCProvider) -> None:
        self.save_account(
            account.model_copy(update={"oidc_providers": {**account.oidc_providers, provider.arn: provider}})
        )

    def _check_thumbprints(self, thumbprints: list[str]) -> None:
        if len(thumbprints) > THUMBPRINTS_PER_PROVIDER:
            raise self.error(
                "InvalidInput", f"Thumbprint list must contain at most {THUMBPRINTS_PER_PROVIDER} entries."
            )
        for thumbprint in thumbprints:
            if len(thumbprint) != 40:
                raise self.error(
                    "InvalidInput",
                    f"Thumbprint {thumbprint!r} is not valid: a thumbprint (a hex SHA-1) is 40 characters.",
                )

    def _target(self, caller_account: Account, arn: str) -> tuple[Account, Target]:
        owner = self._provider_arn(arn)
        provider = caller_account.oidc_providers.get(arn)
        return caller_account, Target(arn, owner, tags=provider.tags if provider else {})

    @operation("CreateOpenIDConnectProvider")
    def create_open_id_connect_provider(
        self,
        *,
        Url: str,
        ClientIDList: list[str] | None = None,
        ThumbprintList: list[str] | None = None,
        Tags: Any = None,
        ContextProvider: Any = None,
        IdentityCenterInstanceArn: str | None = None,
    ) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        if not Url.startswith("https://") or "?" in Url or "#" in Url or len(Url) <= len("https://"):
            raise self.error(
                "InvalidInput", f"Invalid provider URL {Url!r}: it must begin with https:// and have no query."
            )
        url = Url[len("https://") :].rstrip("/")
        arn = f"arn:aws:iam::{account.account_id}:oidc-provider/{url}"
        tags = tags_from(Tags)
        check_tags(tags, self._operation)
        self.authorize(
            caller, "iam:CreateOpenIDConnectProvider", Target(arn, account.account_id), self.request_tag_context(tags)
        )
        client_ids = list(dict.fromkeys(ClientIDList or []))
        if len(client_ids) > CLIENT_IDS_PER_PROVIDER:
            raise self.error(
                "LimitExceeded", f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {CLIENT_IDS_PER_PROVIDER}"
            )
        self._check_thumbprints(ThumbprintList or [])
        if arn in account.oidc_providers:
            raise self.error("EntityAlreadyExists", f"Provider with url {Url} already exists.")
        if len(account.oidc_providers) >= PROVIDERS_PER_ACCOUNT:
            raise self.error(
                "LimitExceeded", f"Cannot exceed quota for OpenIdConnectProvidersPerAccount: {PROVIDERS_PER_ACCOUNT}"
            )
        provider = OIDCProvider(
            arn=arn,
            url=url,
            client_ids=tuple(client_ids),
            thumbprints=tuple(ThumbprintList or ()),
            create_date=self.now,
            tags=tags,
        )
        self._save_provider(account, provider)
        answer: dict[str, Any] = {"OpenIDConnectProviderArn": arn}
        if tags:
            answer["Tags"] = tag_list(tags)
        return answer

    @operation("GetOpenIDConnectProvider")
    def get_open_id_connect_provider(self, *, OpenIDConnectProviderArn: str) -> dict[str, Any]:
        caller = self.caller()
        account, target = self._target(self.caller_account(caller), OpenIDConnectProviderArn)
        self.authorize(caller, "iam:GetOpenIDConnectProvider", target)
        provider = self._provider(account, OpenIDConnectProviderArn)
        answer: dict[str, Any] = {
            "Url": provider.url,
            "ClientIDList": list(provider.client_ids),
            "ThumbprintList": list(provider.thumbprints),
            "CreateDate": provider.create_date,
        }
        if provider.tags:
            answer["Tags"] = tag_list(provider.tags)
        return answer

    @operation("DeleteOpenIDConnectProvider")
    def delete_open_id_connect_provider(self, *, OpenIDConnectProviderArn: str) -> dict[str, Any]:
        caller = self.caller()
        account, target = self._target(self.caller_account(caller), OpenIDConnectProviderArn)
        self.authorize(caller, "iam:DeleteOpenIDConnectProvider", target)
        self._provider(account, OpenIDConnectProviderArn)
        remaining = {arn: p for arn, p in account.oidc_providers.items() if arn != OpenIDConnectProviderArn}
        self.save_account(account.model_copy(update={"oidc_providers": remaining}))
        return {}

    @operation("ListOpenIDConnectProviders")
    def list_open_id_connect_providers(self) -> dict[str, Any]:
        caller = self.caller()
        account = self.caller_account(caller)
        self.authorize(caller, "iam:ListOpenIDConnectProviders", Target("*", account.account_id))
        return {"OpenIDConnectProviderList": [{"Arn": arn} for arn in sorted(account.oidc_providers)]}

    @operation("AddClientIDToOpenIDConnectProvider")
    def add_client_id_to_open_id_connect_provider(
        self, *, OpenIDConnectProviderArn: str, ClientID: str
    ) -> dict[str, Any]:
        caller = self.caller()
        account, target = self._target(self.caller_account(caller), OpenIDConnectProviderArn)
        self.authorize(caller, "iam:AddClientIDToOpenIDConnectProvider", target)
        provider = self._provider(account, OpenIDConnectProviderArn)
        if ClientID in provider.client_ids:
            return {}  # idempotent, as documented
        if len(provider.client_ids) >= CLIENT_IDS_PER_PROVIDER:
            raise self.error(
                "LimitExceeded", f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {CLIENT_IDS_PER_PROVIDER}"
            )
        self._save_provider(account, provider.model_copy(update={"client_ids": (*provider.client_ids, ClientID)}))
        return {}

    @operation("RemoveClientIDFromOpenIDConnectProvider")
    def remove_client_id_from_open_id_connect_provider(
        self, *, OpenIDConnectProviderArn: str, ClientID: str
    ) -> dict[str, Any]:
        caller = self.caller()
        account, target = self._target(self.caller_account(caller), OpenIDConnectProviderArn)
        self.authorize(caller, "iam:RemoveClientIDFromOpenIDConnectProvider", target)
        provider = self._provider(account, OpenIDConnectProviderArn)
        remaining = tuple(c for c in provider.client_ids if c != ClientID)  # idempotent, as documented
        self._save_provider(account, provider.model_copy(update={"client_ids": remaining}))
        return {}

    @operation("UpdateOpenIDConnectProviderThumbprint")
    def update_open_id_connect_provider_thumbprint(
        self, *, OpenIDConnectProviderArn: str, ThumbprintList: list[str]
    ) -> dict[str, Any]:
        caller = self.caller()
        account, target = self._target(self.caller_account(caller), OpenIDConnectProviderArn)
        self.authorize(caller, "iam:UpdateOpenIDConnectProviderThumbprint", target)
        provider = self._provider(account, OpenIDConnectProviderArn)
        self._check_thumbprints(ThumbprintList)
        self._save_provider(account, provider.model_copy(update={"thumbprints": tuple(ThumbprintList)}))
        return {}
