"""Layer 1, IPAddress family: the kernel behind IpAddress and NotIpAddress (C8).

Policy values are IPv4 or IPv6 networks in CIDR notation, read leniently: host bits may be set
(``203.0.113.5/24`` means ``203.0.113.0/24``), a bare IPv4 address is ``/32`` and a bare IPv6
address ``/128`` (AMB-28). The request value must be a single address. An address is never inside
a network of the other IP version (``::ffff:203.0.113.5`` is not in ``203.0.113.0/24``), so
NotIpAddress with only IPv4 ranges is true for an IPv6 caller, as AWS warns.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Final, TypeAlias

from workbench.conditions.kernel import Kernel, PolicyValue, texts

Network: TypeAlias = tuple[int, int, int]
"""(IP version, netmask, network address) as integers: containment is one AND and one compare."""
Address: TypeAlias = tuple[int, int]
"""(IP version, address) as integers."""


@lru_cache(maxsize=512)
def parse_network(text: str) -> Network | None:
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None
    return network.version, int(network.netmask), int(network.network_address)


@lru_cache(maxsize=1024)
def parse_address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address.version, int(address)


def check_network(value: str) -> str | None:
    return None if parse_network(value) is not None else f"'{value}' is not an IP address or CIDR"


def _compile(values: tuple[PolicyValue, ...]) -> tuple[Network, ...]:
    return tuple(network for text in texts(values) if (network := parse_network(text)) is not None)


def _hit(text: str, data: tuple[Network, ...]) -> bool | None:
    address = parse_address(text)
    if address is None:
        return None
    version, number = address
    for network_version, netmask, network in data:  # noqa: SIM110 - a plain loop is faster on this hot path
        if network_version == version and number & netmask == network:  # never across IP versions
            return True
    return False


IP_ADDRESS: Final = Kernel(_compile, _hit, check_network)
