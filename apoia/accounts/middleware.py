from functools import cached_property
from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class RequireStaffTwoFactorMiddleware:
    """When APOIA_REQUIRE_2FA is on, staff roles must verify a TOTP device before anything else."""

    # Token-authenticated API calls and static files never carry a session to verify.
    ALLOWED_PREFIXES = ("/static/", "/api/", "/open311/", "/i18n/")
    # Of the account pages, only those needed to get verified (or to leave) stay open:
    # the profile would otherwise let an unverified session mint API tokens.
    OPEN_ACCOUNT_PAGES = (
        "accounts:two_factor",
        "accounts:login",
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_complete",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.APOIA_REQUIRE_2FA and self._must_verify(request):
            next_url = quote(request.get_full_path(), safe="/")
            return redirect(f"{reverse('accounts:two_factor')}?next={next_url}")
        return self.get_response(request)

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        paths = tuple(reverse(name) for name in self.OPEN_ACCOUNT_PAGES)
        # Reset links carry a token in the path: open the whole branch.
        reset_confirm = reverse("accounts:password_reset_confirm", args=["x", "y"])
        return paths + (reset_confirm.rsplit("/x/", 1)[0] + "/",)

    def _must_verify(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or not user.is_staff_member:
            return False
        if user.is_verified():
            return False
        return not request.path.startswith(self.ALLOWED_PREFIXES + self.open_paths)
