"""django-csp's middleware with the site's one policy built once per process instead of on every response.

Building the header from CONTENT_SECURITY_POLICY was about a tenth of the start page's time. A response that asks
for a policy of its own (django-csp's decorators) or a request that used a nonce goes through django-csp unchanged;
every other response gets exactly the header django-csp would build, worked out on first use and again whenever
the settings change (tests).
"""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What django-csp's decorators set on a response to change its policy.
_OWN_POLICY = frozenset(f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro"))
_HEADERS = (
    (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)
_DEBUG_EXEMPT_STATUSES = (404, 500)  # django-csp leaves Django's debug pages alone


# django-csp makes a new one of these for every response; it holds no state (asking it for the nonce raises before
# anything is kept), so one serves every response.
_NONCE_AFTER_RESPONSE = CheckableLazyObject(CSPMiddleware._csp_nonce_post_response)


@functools.cache
def site_policy(report_only: bool) -> str:
    return build_policy(report_only=report_only)


@functools.cache
def _site_headers() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(header, policy, the attribute that exempts a response, path prefixes left out) for each policy configured."""
    headers = []
    for header, report_only, exempt, setting in _HEADERS:
        policy = site_policy(report_only)
        if policy:
            prefixes = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
            headers.append((header, policy, exempt, prefixes))
    return tuple(headers)


@functools.cache
def _class_sets_a_policy(response_class) -> bool:
    return any(getattr(response_class, name, None) is not None for name in _OWN_POLICY)


def _has_own_policy(response) -> bool:
    """Whether django-csp's decorators (or the response's class) gave the response a policy of its own."""
    if _class_sets_a_policy(type(response)):
        return True
    # The decorators set attributes on the response itself: none of them there means no policy of its own.
    return not _OWN_POLICY.isdisjoint(vars(response)) and any(
        getattr(response, name, None) is not None for name in _OWN_POLICY
    )


@receiver(setting_changed)
def _forget_policy(*, setting, **_kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()
        _site_headers.cache_clear()


class SitePolicyCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or _has_own_policy(response):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in _DEBUG_EXEMPT_STATUSES:
            return response
        for header, policy, exempt, prefixes in _site_headers():
            if header in response or getattr(response, exempt, False) is not False:
                continue
            if not (prefixes and request.path_info.startswith(prefixes)):
                response.headers[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = _NONCE_AFTER_RESPONSE
        return response
