"""IpAddress / NotIpAddress (C8): IPv4 and IPv6 networks, bare addresses, mixed versions."""

import pytest

from workbench.conditions import check_policy_value, condition_matches, parse_operator


def holds(name: str, request: str | None, *values: str | None) -> bool:
    return condition_matches(parse_operator(name), request, tuple(values))


@pytest.mark.parametrize(
    ("request_value", "values", "expected"),
    [
        # C8 examples
        ("203.0.113.77", ["203.0.113.0/24"], True),
        ("198.51.100.7", ["203.0.113.0/24"], False),
        # several networks are ORed
        ("198.51.100.7", ["203.0.113.0/24", "198.51.100.0/24"], True),
        # a bare IPv4 address is /32; a bare IPv6 address is /128 (AMB-28)
        ("203.0.113.5", ["203.0.113.5"], True),
        ("203.0.113.6", ["203.0.113.5"], False),
        ("2001:db8::1", ["2001:db8::1"], True),
        ("2001:db8::2", ["2001:db8::1"], False),
        # host bits set: 203.0.113.5/24 means the /24
        ("203.0.113.200", ["203.0.113.5/24"], True),
        ("0.0.0.1", ["0.0.0.0/0"], True),
        # IPv6: compared numerically, hex in any case, :: compression
        ("2001:DB8:0:0::ABCD", ["2001:db8::/32"], True),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", ["2001:db8::1/128"], True),
        ("2001:db9::1", ["2001:db8::/32"], False),
        # mixed versions never match
        ("2001:db8::1", ["203.0.113.0/24"], False),
        ("203.0.113.5", ["::/0"], False),
        ("::ffff:203.0.113.5", ["203.0.113.0/24"], False),
        # unparsable values never match
        ("not-an-ip", ["203.0.113.0/24"], False),
        ("203.0.113.5/32", ["203.0.113.0/24"], False),  # the request carries an address, not a network
        ("", ["0.0.0.0/0"], False),
        ("203.0.113.5", ["300.1.1.1/8"], False),
        ("203.0.113.5", ["203.0.113.0/33"], False),
    ],
)
def test_ip_address(request_value: str, values: list[str], expected: bool) -> None:
    assert holds("IpAddress", request_value, *values) is expected


@pytest.mark.parametrize(
    ("request_value", "values", "expected"),
    [
        ("203.0.113.77", ["203.0.113.0/24"], False),
        ("198.51.100.7", ["203.0.113.0/24"], True),
        ("198.51.100.7", ["203.0.113.0/24", "198.51.100.0/24"], False),  # NOR
        # an IPv6 caller is outside every IPv4 range, so NotIpAddress holds
        ("2001:db8::1", ["203.0.113.0/24"], True),
        # an unparsable policy value counts as not-equal...
        ("203.0.113.5", ["300.1.1.1/8"], True),
        ("203.0.113.5", ["300.1.1.1/8", "203.0.113.0/24"], False),
        # ...but an unparsable request value fails the test
        ("not-an-ip", ["203.0.113.0/24"], False),
    ],
)
def test_not_ip_address(request_value: str, values: list[str], expected: bool) -> None:
    assert holds("NotIpAddress", request_value, *values) is expected


def test_request_through_vpc_endpoint_has_no_source_ip() -> None:
    # C8: aws:SourceIp is absent, so IpAddress is false and NotIpAddress true
    assert holds("IpAddress", None, "203.0.113.0/24") is False
    assert holds("NotIpAddress", None, "203.0.113.0/24") is True


@pytest.mark.parametrize("value", ["203.0.113.0/24", "203.0.113.5", "203.0.113.5/24", "2001:db8::/32", "::1"])
def test_networks_are_acceptable(value: str) -> None:
    assert check_policy_value(parse_operator("IpAddress"), value) is None


@pytest.mark.parametrize("value", ["300.1.1.1/8", "203.0.113.0/33", "localhost", "", "2001:db8::g"])
def test_non_networks_are_reported(value: str) -> None:
    expected = f"'{value}' is not an IP address or CIDR"
    assert check_policy_value(parse_operator("NotIpAddress"), value) == expected
