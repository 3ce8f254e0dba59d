"""Every state change of accounts: memberships, personal API tokens, TOTP devices."""

import datetime as dt
from base64 import b32encode

import segno
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from apoia.accounts.models import ApiToken, Membership, Organization, OrgUnit, User
from apoia.territory.models import Municipality

# Writing last_used_at on every API call would turn each read into a write; a minute is
# precise enough to tell a live token from a forgotten one.
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)


# --- Memberships ------------------------------------------------------------------------------
def ensure_membership(
    user: User,
    role: str,
    *,
    org_unit: OrgUnit | None = None,
    municipality: Municipality | None = None,
    organization: Organization | None = None,
) -> Membership:
    """The membership of `user` in `role` for this scope, created when missing."""
    membership, _created = Membership.objects.get_or_create(
        user=user,
        role=role,
        org_unit=org_unit,
        municipality=municipality,
        organization=organization,
    )
    # The user's cached roles and memberships are stale now.
    for attribute in ("active_memberships", "roles"):
        user.__dict__.pop(attribute, None)
    return membership


# --- API tokens -------------------------------------------------------------------------------
@transaction.atomic
def create_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the secret is returned once and only its hash is stored."""
    secret = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[:12],
        key_hash=ApiToken.hash_key(secret),
    )
    return token, secret


def revoke_api_token(token: ApiToken, *, by: User) -> None:
    """Revoke a token; its owner and administrators may do it, revoking twice is harmless."""
    if by.pk != token.user_id and not by.is_admin:
        raise PermissionDenied(_("Só o dono do token ou um administrador pode revogá-lo."))
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db(fields=["revoked_at"])


def authenticate_token(secret: str) -> User | None:
    """The active user owning this unrevoked token secret, or None."""
    if not secret or not secret.startswith("apoia_"):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=ApiToken.hash_key(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    stale = now - TOKEN_TOUCH_INTERVAL
    if token.last_used_at is None or token.last_used_at <= stale:
        # Conditional update: of concurrent requests, only one writes.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
        ).update(last_used_at=now)
    return token.user


# --- Two-factor authentication (TOTP) ---------------------------------------------------------
def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same one (same QR code) until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Aplicativo autenticador"), confirmed=False
        )
    return device


def totp_is_throttled(device: TOTPDevice) -> bool:
    """True while django-otp refuses codes after repeated failures."""
    allowed, _details = device.verify_is_allowed()
    return not allowed


def verify_totp(device: TOTPDevice, code: str) -> bool:
    """Check a code (each one works once); failures slow down further attempts."""
    return bool(code) and device.verify_token(code)


@transaction.atomic
def confirm_totp_device(device: TOTPDevice, code: str) -> bool:
    """Confirm an enrolling device with its first code; other pending devices are dropped."""
    if not verify_totp(device, code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    return True


def totp_secret_base32(device: TOTPDevice) -> str:
    """The secret for manual entry, in groups of four letters."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URI as an inline SVG QR code (no image request, no JavaScript)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title=_("Código QR para o aplicativo autenticador")
    )
    # segno writes only numbers and the escaped title into the markup.
    return mark_safe(svg)  # noqa: S308
