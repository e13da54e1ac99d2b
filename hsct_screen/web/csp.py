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
_OWN_POLICY = tuple(f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro"))
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


@receiver(setting_changed)
def _forget_policy(*, setting, **_kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


class SitePolicyCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in _DEBUG_EXEMPT_STATUSES:
            return response
        for header, report_only, exempt, setting in _HEADERS:
            policy = site_policy(report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = _NONCE_AFTER_RESPONSE
        return response
