from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class RequireStaffTwoFactorMiddleware:
    """When APOIA_REQUIRE_2FA is on, staff roles must verify a TOTP device before anything else."""

    ALLOWED_PREFIXES = ("/contas/", "/static/", "/api/", "/open311/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.APOIA_REQUIRE_2FA and self._must_verify(request):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)

    def _must_verify(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or not user.is_staff_member:
            return False
        if user.is_verified():
            return False
        return not request.path.startswith(self.ALLOWED_PREFIXES)
