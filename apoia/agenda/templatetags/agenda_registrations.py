"""What the event page's registration box shows (agenda/event/_registration.html), computed
here so the event view needs nothing of registrations; and the inline QR codes."""

import segno
from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apoia.agenda import queries
from apoia.agenda.models import RegistrationStatus
from apoia.agenda.services.registrations import may_cancel

register = template.Library()


@register.simple_tag
def registration_panel(event, user) -> dict:
    now = timezone.now()
    is_open = queries.registration_open(event, now)
    mine = []
    if user.is_authenticated:
        for registration in (
            queries.registrations_of(user)
            .filter(event=event)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("municipality", "event")
            .order_by("created_at", "pk")[:50]
        ):
            registration.position = queries.waiting_position(registration)
            mine.append(registration)
    ended = queries.event_ended(event, now)
    return {
        "open": is_open,
        "ended": ended,
        "published": event.status == "published",
        "places_left": queries.places_left(event),
        "waiting": queries.waiting_count(event),
        "may_register": is_open and queries.may_register_others(user, event),
        "register_url": reverse("agenda:registration_new", args=[event.pk]),
        "login_url": f"{reverse('accounts:login')}?next={event.get_absolute_url()}",
        "mine": mine,
        "online_checkin": queries.online_checkin_open(event, now),
        "online_url": reverse("agenda:registration_online_checkin", args=[event.pk]),
        "not_started": event.start > now,
    }


@register.simple_tag
def qr_svg(url: str, title: str = "") -> str:
    """`url` as an inline SVG QR code (no image request, no JavaScript)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, light="#fff", title=title or _("Código QR")
    )
    # segno writes only numbers and the escaped title into the markup.
    return mark_safe(svg)  # noqa: S308


@register.filter
def may_cancel_now(registration) -> bool:
    return may_cancel(registration, timezone.now())
