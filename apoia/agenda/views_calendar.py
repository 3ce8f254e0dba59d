"""Calendar pages: the public .ics feeds, the private one, and "Minha agenda" where a person
copies their private URL or replaces it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.agenda import feeds, queries


def ical_state(request, uf):
    return feeds.state_feed(uf)


def ical_program(request, slug):
    return feeds.program_feed(slug)


def ical_unit(request, slug):
    return feeds.unit_feed(slug)


def ical_private(request, token):
    return feeds.private_feed(token)


@login_required
def my_calendar(request):
    feed = feeds.feed_for(request.user)
    url = settings.SITE_URL + reverse("agenda:ical_private", args=[feed.token])
    events = list(queries.private_feed_events(request.user).select_related("state")[:200])
    return render(
        request,
        "agenda/calendar/mine.html",
        {
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[-1],
            "count": len(events),
            "breadcrumbs": [
                (_("Agenda de apoio técnico"), reverse("agenda:index")),
                (_("Minha agenda"), None),
            ],
        },
    )


@login_required
@require_POST
def regenerate(request):
    feeds.regenerate(request.user)
    messages.success(
        request,
        _("Novo endereço criado. O anterior deixou de funcionar: atualize-o no seu aplicativo."),
    )
    return redirect("agenda:my_calendar")
