"""Paginators and waiters: botocore's own machinery, driven by the markers and statuses the simulation answers."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import WaiterError

NAMES = ["ana", "ben", "cy", "dee", "eve"]


@pytest.fixture
def five_users(iam):
    for name in NAMES:
        iam.create_user(UserName=name)
    return iam


def test_list_users_paginator_follows_the_marker(five_users):
    iam = five_users
    assert iam.can_paginate("list_users")

    pages = list(iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2}))

    assert [[u["UserName"] for u in page["Users"]] for page in pages] == [["ana", "ben"], ["cy", "dee"], ["eve"]]
    assert [page["IsTruncated"] for page in pages] == [True, True, False]


def test_full_result_with_max_items_and_a_resume_token(five_users):
    paginator = five_users.get_paginator("list_users")

    first = paginator.paginate(PaginationConfig={"MaxItems": 3, "PageSize": 2}).build_full_result()
    rest = paginator.paginate(PaginationConfig={"StartingToken": first["NextToken"]}).build_full_result()

    assert [u["UserName"] for u in first["Users"]] == ["ana", "ben", "cy"]
    assert [u["UserName"] for u in rest["Users"]] == ["dee", "eve"]


def test_search_expressions_over_pages(five_users):
    pages = five_users.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2})

    assert list(pages.search("Users[].UserName")) == NAMES


def test_waiter_succeeds_at_once(iam):
    iam.create_user(UserName="alice")

    iam.get_waiter("user_exists").wait(UserName="alice")


def test_waiter_gives_up_without_sleeping(iam, sim):
    started = time.monotonic()

    with pytest.raises(WaiterError) as caught:
        iam.get_waiter("user_exists").wait(UserName="nobody")

    assert "Max attempts exceeded" in str(caught.value)
    assert time.monotonic() - started < 5, "the simulation is consistent at once: waiters poll without sleeping"
    assert sum(1 for event in sim.activity if event.event_name == "GetUser") == 20  # the waiter's maxAttempts


def test_waiter_config_given_by_the_learner_is_respected(iam, sim):
    with pytest.raises(WaiterError):
        iam.get_waiter("user_exists").wait(UserName="nobody", WaiterConfig={"Delay": 0, "MaxAttempts": 3})

    assert sum(1 for event in sim.activity if event.event_name == "GetUser") == 3
