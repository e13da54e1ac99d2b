"""Rate limits per client address: one table of which requests count against which setting.

Counting is django-ratelimit's, in Django's cache (Redis in production, so every app instance shares the
counts). The rates are settings read from the environment, far above what one person ever does.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Limit:
    group: str
    setting: str  # the setting (and environment variable) holding the rate, like "60/m"
    view_names: frozenset[str] = frozenset()
    namespaces: frozenset[str] = frozenset()
    methods: tuple[str, ...] | None = ("POST",)  # None: every method
    # Reached in the middle of a questionnaire: the page then says the answers given so far are kept.
    during_questionnaire: bool = False

    def applies(self, request) -> bool:
        match = request.resolver_match
        return match is not None and self in _limits_for(match.view_name, tuple(match.namespaces), request.method)

    def applies_to(self, view_name: str, namespaces: tuple[str, ...], method: str) -> bool:
        if self.methods is not None and method not in self.methods:
            return False
        return view_name in self.view_names or bool(self.namespaces & set(namespaces))


LIMITS = (
    Limit("api", "RATELIMIT_API", namespaces=frozenset({"api"}), methods=None),
    Limit("start", "RATELIMIT_START", view_names=frozenset({"questionnaire:start"})),
    Limit("submit", "RATELIMIT_SUBMIT", view_names=frozenset({"questionnaire:check"}), during_questionnaire=True),
    # Every form that stores contact details or sends an email (the private link's "email it to me").
    Limit(
        "contact",
        "RATELIMIT_CONTACT",
        view_names=frozenset({"questionnaire:contact", "questionnaire:private_contact", "questionnaire:private_email"}),
        during_questionnaire=True,
    ),
    # Every page that checks a password or a one-time code; django-axes separately locks one username at one address.
    Limit(
        "login",
        "RATELIMIT_LOGIN",
        view_names=frozenset({"staff:login", "admin:login", "staff:two_factor_verify", "staff:two_factor_setup"}),
    ),
)


@functools.lru_cache(maxsize=256)
def _limits_for(view_name: str, namespaces: tuple[str, ...], method: str) -> tuple[Limit, ...]:
    """The limits a request to this view with this method counts against: worked out once per view and method."""
    return tuple(limit for limit in LIMITS if limit.applies_to(view_name, namespaces, method))


def exceeded(request) -> tuple[Limit, int] | None:
    """Count this request against every limit that applies; the limit exceeded and the seconds to wait, or None."""
    match = request.resolver_match
    if match is None:
        return None
    for limit in _limits_for(match.view_name, tuple(match.namespaces), request.method):
        usage = get_usage(
            request,
            group=limit.group,
            key="ip",  # the address from hsct_screen.web.client (RATELIMIT_IP_META_KEY)
            rate=getattr(settings, limit.setting),
            method=get_usage.ALL,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            return limit, max(1, usage["time_left"])
    return None
