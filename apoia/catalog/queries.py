"""Reading the catalog: who sees which services, and how the list is searched and filtered.

Views and API endpoints both go through these functions; none of them filters on its own.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from apoia.accounts.models import Theme
from apoia.catalog.models import Audience, Service
from apoia.catalog.search import search_terms
from apoia.lib.collation import portuguese


def visible_to(user) -> QuerySet[Service]:
    """Services `user` may see: published ones for everyone, unpublished ones for admins too."""
    services = Service.objects.all()
    if user is not None and user.is_authenticated and user.is_admin:
        return services
    return services.published()


def filter_services(
    services: QuerySet[Service],
    *,
    q: str = "",
    audience: str = "",
    theme: str = "",
    uf: str = "",
) -> QuerySet[Service]:
    """Narrow `services` by free text (every word, accents and plurals ignored), audience and
    theme slug, and UF."""
    for term in search_terms(q):
        services = services.filter(search_text__contains=term)
    if audience:
        services = services.filter(audiences__slug=audience)
    if theme:
        services = services.filter(themes__slug=theme)
    if uf:
        services = services.in_state(uf)
    return services.prefetch_related("audiences", "themes")


def get_service_for(user, slug: str) -> Service:
    """The service `slug` with everything its page shows, or 404 when `user` may not see it."""
    services = (
        visible_to(user)
        .select_related("responsible_unit", "state")
        .prefetch_related("audiences", "themes", "steps", "options")
    )
    return get_object_or_404(services, slug=slug)


def audiences_in(services: QuerySet[Service]) -> QuerySet[Audience]:
    """Audiences used by at least one of `services`: the choices of the audience filter."""
    return Audience.objects.filter(services__in=services).distinct().order_by(portuguese("name"))


def themes_in(services: QuerySet[Service]) -> QuerySet[Theme]:
    """Themes used by at least one of `services`: the choices of the theme filter."""
    return Theme.objects.filter(services__in=services).distinct().order_by(portuguese("name"))
