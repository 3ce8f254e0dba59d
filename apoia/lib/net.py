"""Who is on the other end: the client address every throttle and django-axes count by.

Behind a reverse proxy REMOTE_ADDR is the proxy, and the client is in X-Forwarded-For, which
anyone can also write. So the header is read only when APOIA_TRUSTED_PROXIES lists the peer,
and then from the right: each trusted proxy appends the address it saw, so the rightmost hop
that is not a trusted proxy is the first address no client could have forged.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(items: list[str], *, name: str = "APOIA_TRUSTED_PROXIES") -> tuple:
    """Addresses or CIDR networks (e.g. 10.0.0.0/8); a malformed item stops the start-up."""
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (e.g. 10.0.0.0/8), got {item!r}"
            ) from exc
    return tuple(networks)


def parse_address(value: str) -> Address | None:
    """An address as a proxy writes it: bare, "[v6]:port" or "v4:port"; None when garbage."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # "::ffff:10.0.0.1" is how a dual-stack socket reports an IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address | None, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    """The client's IP address as text; "" when the peer's address is unknown."""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    networks = getattr(settings, "APOIA_TRUSTED_PROXY_NETWORKS", ())
    if not _trusted(remote, networks):
        return str(remote) if remote is not None else ""
    nearest = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # A trusted proxy appends only real addresses: garbage was written by a client,
            # so the proxy that passed it on is the last address we know is true.
            break
        if not _trusted(address, networks):
            return str(address)
        nearest = address
    return str(nearest)


def address_bucket(address: str) -> str:
    """What a throttle counts: the address, or its /64 for IPv6, since one subscriber gets a
    whole /64 and could otherwise take a fresh address for every attempt."""
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return address
