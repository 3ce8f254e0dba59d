from django.conf import settings

from apoia.territory.models import State


def shell(request):
    """What every page's header and footer need: the state's identity and the user's roles."""
    user = getattr(request, "user", None)
    roles = user.roles if user is not None and user.is_authenticated else frozenset()
    return {
        "APOIA_STATE": settings.APOIA_STATE,
        "apoia_state_name": State.objects.filter(uf=settings.APOIA_STATE)
        .values_list("name", flat=True)
        .first()
        or settings.APOIA_STATE,
        "user_roles": roles,
    }
