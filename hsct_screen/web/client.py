"""The address of the person making a request, as far as this deployment can know it."""

import ipaddress

from django.conf import settings

# The peer of a Unix socket, or a bare WSGI call, has no address; such requests share one rate-limit bucket.
UNKNOWN = "0.0.0.0"  # noqa: S104 (an address label, not a bind)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front the address the outermost one of them saw.

    Each trusted proxy appends the address it received the connection from to X-Forwarded-For (nginx's
    $proxy_add_x_forwarded_for). So with N trusted proxies the client is the N-th entry from the right;
    entries further left were sent by the client itself and are never used: anyone can write them. A header
    with fewer entries than trusted proxies, or a malformed entry, means the chain is not what was configured,
    and the direct peer is used instead (all such requests then share one rate-limit bucket, which fails safe).
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    remote = remote if _valid(remote) else UNKNOWN
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < count:
        return remote
    candidate = chain[-count]
    return candidate if _valid(candidate) else remote
