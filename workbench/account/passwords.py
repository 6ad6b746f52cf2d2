"""Passwords: salted hashes (never clear text) and the account password policy's rules."""

from __future__ import annotations

import hashlib
import hmac

from workbench.account.errors import AwsError
from workbench.account.ids import IdFactory
from workbench.account.model import PasswordPolicy

SYMBOLS = "!@#$%^&*()_+-=[]{}|'"


def hash_password(password: str, ids: IdFactory) -> str:
    salt = ids.next("", 16)
    return f"{salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"


def password_matches(password: str, stored: str | None) -> bool:
    if not stored or "$" not in stored:
        return False
    salt, digest = stored.split("$", 1)
    return hmac.compare_digest(hashlib.sha256((salt + password).encode()).hexdigest(), digest)


def check_password_policy(password: str, policy: PasswordPolicy | None, operation: str) -> None:
    """Raise ``PasswordPolicyViolation`` naming every rule the password breaks."""
    policy = policy or PasswordPolicy()
    problems = []
    if len(password) < policy.minimum_password_length:
        problems.append(f"at least {policy.minimum_password_length} characters")
    if policy.require_symbols and not any(c in SYMBOLS for c in password):
        problems.append("at least one symbol")
    if policy.require_numbers and not any(c.isdigit() for c in password):
        problems.append("at least one number")
    if policy.require_uppercase_characters and not any(c.isupper() for c in password):
        problems.append("at least one uppercase letter")
    if policy.require_lowercase_characters and not any(c.islower() for c in password):
        problems.append("at least one lowercase letter")
    if problems:
        raise AwsError(
            "PasswordPolicyViolation",
            "Password does not conform to the account password policy: it needs " + ", ".join(problems) + ".",
            operation,
        )
