"""Shared data for the notebook widget tests: a small exercise (YAML text), its starter and its solution."""

from __future__ import annotations

import json

ACCOUNT = "111122223333"
OTHER = "444455556666"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"

STARTER = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::docs"}],
    },
    indent=2,
)
SOLUTION = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::docs/*"}],
    },
    indent=2,
)

EXERCISE_YAML = """\
schema_version: 1
id: mini-read
title: Read the <docs>
lesson: 99-tests
prompt: |
  Let alice **read** objects in `docs`. <script>alert(1)</script>

  - nothing else
hints:
  - Reading is `s3:GetObject`.
  - Objects are `arn:aws:s3:::docs/*`.
scenario:
  principals:
    alice:
      arn: arn:aws:iam::111122223333:user/alice
  resources:
    docs:
      arn: arn:aws:s3:::docs
      account: "111122223333"
slots:
  - id: policy
    title: alice's identity policy
    type: identity
    attach: {principal: alice}
    starter: |
STARTER
checks:
  - id: reads
    principal: alice
    action: s3:GetObject
    resource: arn:aws:s3:::docs/a.txt
    expect: allowed
  - id: cannot-write
    principal: alice
    action: s3:PutObject
    resource: arn:aws:s3:::docs/a.txt
    expect: implicitDeny
  - id: no-errors
    kind: no_errors
"""

HIDDEN_YAML = """\
checks:
  - id: secret-hidden-check
    principal: alice
    action: s3:DeleteObject
    resource: arn:aws:s3:::docs/a.txt
    expect: implicitDeny
    points: 5
"""


def indented(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())
