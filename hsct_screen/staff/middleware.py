"""Two-factor sign-in for /staff/ and /admin/: without a verified code, staff go to verify or enrol first."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from hsct_screen.staff import two_factor

# The pages a signed-in but not yet verified person still needs: to verify, to enrol, or to leave.
OPEN_VIEWS = {
    ("staff", "login"),
    ("staff", "logout"),
    ("staff", "two_factor_verify"),
    ("staff", "two_factor_setup"),
    ("admin", "logout"),
}
PROTECTED_NAMESPACES = {"staff", "admin"}


class StaffTwoFactorMiddleware:
    """Applies to every page of the staff workspace and the admin, so no view can forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_REQUIRE_2FA:
            return None
        match = request.resolver_match
        namespace = match.namespaces[0] if match and match.namespaces else None
        if namespace not in PROTECTED_NAMESPACES or (namespace, match.url_name) in OPEN_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        name = "staff:two_factor_verify" if two_factor.has_device(user) else "staff:two_factor_setup"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
