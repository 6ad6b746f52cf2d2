"""Web identity tokens: a simulated OpenID Connect provider mints JWT-shaped ID tokens, and STS checks them.

Real providers sign with RSA keys that STS fetches from the provider's JWKS endpoint. The
simulation has no network, so a token is a JWT (``header.payload.signature``, base64url) signed
with HMAC-SHA256 under a key derived from the simulation's seed and the issuer: any token minted by
:func:`issue_web_identity_token` in the same simulation verifies, anything else does not.

STS checks, in AWS's order: the token's shape (``InvalidIdentityToken``), an IAM OIDC provider in
the role's account for its issuer (``InvalidIdentityToken``), the signature (``InvalidIdentityToken``),
the expiry (``ExpiredTokenException``), the audience against the provider's client ids
(``InvalidIdentityToken: Incorrect token audience``), and the claims a provider must vouch for —
a subject, and an issue time not in the future (``IDPRejectedClaim``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from workbench.account.errors import AwsError
from workbench.account.model import OIDCProvider

if TYPE_CHECKING:
    from workbench.account.simulation import Simulation


@dataclass(frozen=True, slots=True)
class WebIdentityClaims:
    """What STS reads from an ID token."""

    issuer: str
    """The ``iss`` claim as written (``https://host``)."""
    host: str
    """The issuer without its scheme: the provider's name in ARNs and the prefix of its condition keys."""
    subject: str
    audiences: tuple[str, ...]
    issued_at: int
    expires_at: int
    header: str
    payload: str
    signature: str


def provider_host(url: str) -> str:
    """``https://token.example.com/path/`` → ``token.example.com/path`` (how IAM names an OIDC provider)."""
    for scheme in ("https://", "http://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signing_key(seed: str, host: str) -> bytes:
    return hashlib.sha256(f"{seed}:web-identity-provider:{host.lower()}".encode()).digest()


def _sign(seed: str, host: str, signed_part: str) -> str:
    return _b64(hmac.new(_signing_key(seed, host), signed_part.encode(), hashlib.sha256).digest())


def issue_web_identity_token(
    sim: Simulation, provider_url: str, subject: str, audience: str, expires_in: int = 3600
) -> str:
    """An ID token from the provider at ``provider_url`` for ``subject``, meant for ``audience`` (a client id).

    Issued at the simulation's current time, valid for ``expires_in`` seconds.
    """
    host = provider_host(provider_url)
    issued = sim.clock.epoch()
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": host}, separators=(",", ":")).encode())
    claims = {
        "iss": f"https://{host}",
        "sub": subject,
        "aud": audience,
        "iat": issued,
        "exp": issued + expires_in,
        "jti": sim.ids.next("", 16).lower(),
    }
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{header}.{payload}.{_sign(sim.ids.seed, host, f'{header}.{payload}')}"


def _invalid(message: str, operation: str) -> AwsError:
    return AwsError("InvalidIdentityToken", message, operation)


def read_web_identity_token(token: str, operation: str) -> WebIdentityClaims:
    """Decode a token (signature not yet checked); ``InvalidIdentityToken`` when it is not a JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        raise _invalid(
            "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)", operation
        )
    try:
        raw: Any = json.loads(_unb64(parts[1]))
    except ValueError as error:
        raise _invalid("The ID Token provided is not a valid JWT: its payload is not JSON.", operation) from error
    if not isinstance(raw, dict) or not isinstance(raw.get("iss"), str):
        raise _invalid("The ID Token provided has no issuer (iss claim).", operation)
    audiences = raw.get("aud", ())
    audiences = (audiences,) if isinstance(audiences, str) else tuple(str(a) for a in audiences or ())
    try:
        issued_at, expires_at = int(raw.get("iat", 0)), int(raw["exp"])
    except (KeyError, TypeError, ValueError) as error:
        raise _invalid("The ID Token provided has no valid expiry (exp claim).", operation) from error
    return WebIdentityClaims(
        issuer=raw["iss"],
        host=provider_host(raw["iss"]),
        subject=str(raw.get("sub") or ""),
        audiences=audiences,
        issued_at=issued_at,
        expires_at=expires_at,
        header=parts[0],
        payload=parts[1],
        signature=parts[2],
    )


def find_provider(providers: dict[str, OIDCProvider], claims: WebIdentityClaims, operation: str) -> OIDCProvider:
    """The IAM OIDC provider of the role's account for the token's issuer."""
    for provider in providers.values():
        if provider_host(provider.url).lower() == claims.host.lower():
            return provider
    raise _invalid(f"No OpenIDConnect provider found in your account for {claims.issuer}", operation)


def verify_web_identity_token(
    sim: Simulation, claims: WebIdentityClaims, provider: OIDCProvider, now: datetime, operation: str
) -> str:
    """Check signature, expiry, audience and claims; return the audience the provider accepts."""
    expected = _sign(sim.ids.seed, claims.host, f"{claims.header}.{claims.payload}")
    if not hmac.compare_digest(expected, claims.signature):
        raise _invalid("The signature of the ID Token could not be verified with the provider's keys.", operation)
    epoch = int(now.timestamp())
    if epoch >= claims.expires_at:
        raise AwsError(
            "ExpiredTokenException",
            f"Token expired: current date/time {epoch} must be before the expiration date/time {claims.expires_at}",
            operation,
        )
    audience = next((a for a in claims.audiences if a in provider.client_ids), None)
    if audience is None:
        raise _invalid("Incorrect token audience", operation)
    if not claims.subject:
        raise AwsError("IDPRejectedClaim", "The ID Token has no subject (sub claim).", operation, status=403)
    if claims.issued_at > epoch:
        raise AwsError("IDPRejectedClaim", "The ID Token was issued in the future (iat claim).", operation, status=403)
    return audience
