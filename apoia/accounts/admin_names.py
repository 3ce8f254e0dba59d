"""Portuguese names for the admin pages of django-otp, and for the apps of django-axes.

django-otp's device names and both packages' app names are plain strings that no catalog can
reach (django-axes' translatable strings are in apoia/locale/pt_BR). The admin reads these
names from each model's _meta and fields and from the app configs, so they are set there once,
at start-up. `_meta.original_attrs` is left alone: the migration
autodetector reads that, so no migration of a third-party app ever follows from this.
"""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

APPS = {
    "axes": _("Bloqueio após tentativas de login"),
    "otp_totp": _("Verificação em duas etapas — aplicativos"),
    "otp_static": _("Verificação em duas etapas — códigos de reserva"),
}

_DEVICE_FIELDS = {
    "user": _("usuário"),
    "name": _("nome"),
    "confirmed": _("confirmado"),
    "throttling_failure_timestamp": _("última falha"),
    "throttling_failure_count": _("falhas seguidas"),
    "created_at": _("criado em"),
    "last_used_at": _("último uso"),
}

# (app label, model name) -> (singular, plural, field names)
MODELS = {
    ("otp_totp", "totpdevice"): (
        _("aplicativo autenticador (TOTP)"),
        _("aplicativos autenticadores (TOTP)"),
        {
            **_DEVICE_FIELDS,
            "key": _("chave"),
            "step": _("intervalo (segundos)"),
            "t0": _("instante inicial"),
            "digits": _("dígitos"),
            "tolerance": _("tolerância"),
            "drift": _("desvio"),
            "last_t": _("último intervalo usado"),
        },
    ),
    ("otp_static", "staticdevice"): (
        _("conjunto de códigos de reserva"),
        _("conjuntos de códigos de reserva"),
        _DEVICE_FIELDS,
    ),
    ("otp_static", "statictoken"): (
        _("código de reserva"),
        _("códigos de reserva"),
        {"device": _("conjunto"), "token": _("código")},
    ),
}


def name_third_party_models() -> None:
    for label, name in APPS.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for (label, model_name), (singular, plural, fields) in MODELS.items():
        try:
            model = apps.get_model(label, model_name)
        except LookupError:  # the package changed or is not installed
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
        for field_name, verbose in fields.items():
            model._meta.get_field(field_name).verbose_name = verbose
        model_admin = admin.site._registry.get(model)
        if model_admin is not None and model_admin.search_help_text:
            # django-otp writes "Search by user's e-mail or e-mail" itself, untranslated.
            model_admin.search_help_text = _("Busque pelo e-mail ou pelo nome da pessoa.")
