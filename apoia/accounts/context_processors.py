from django.conf import settings

from apoia.accounts.models import Role
from apoia.territory.models import State

# Who answers for the platform in each state, shown in every page's footer. Proper names of
# public bodies: not translated.
STATE_CONTACTS = {
    "MS": {
        "unit": (
            "Secretaria de Estado da Cidadania — "
            "Subsecretaria de Políticas Públicas para Assuntos Comunitários"
        ),
        "email": "comunitario@sec.ms.gov.br",
        "phone": "(67) 3323-7229",
    },
    "MT": {
        "unit": "SETASC — Secretaria Adjunta de Assistência Social",
        "email": "saas@setasc.mt.gov.br",
        "phone": "(65) 3613-5712",
    },
}


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
        "apoia_contact": STATE_CONTACTS.get(settings.APOIA_STATE),
        "user_roles": roles,
        # In Role's declaration order, so the greeting reads the same on every page.
        "user_role_labels": [role.label for role in Role if role in roles],
    }
