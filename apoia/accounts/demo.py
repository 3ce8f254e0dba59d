"""Demo accounts: one person per role, all sharing one password printed by `apoia load_demo`."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from apoia.accounts.documents import complete_cnpj
from apoia.accounts.models import Organization, OrganizationKind, OrgUnit, Role, User
from apoia.accounts.services import ensure_membership
from apoia.territory.models import Municipality

CAMPO_GRANDE = 5002704
CUIABA = 5103403
DEMO_ORGANIZATION_NAME = "Associação de Moradores do Bairro Demonstração"
DEMO_ORGANIZATION_CNPJ = complete_cnpj("114447770001")
PASSWORD_FILE = "demo_password"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str
    unit_slug: str = ""
    municipality_ibge: int = CAMPO_GRANDE


PEOPLE = (
    DemoPerson("admin@apoia.demo", "Adriana Alves", Role.ADMIN),
    DemoPerson(
        "coordenador@apoia.demo", "Carlos Correia", Role.COORDINATOR, "ms-sec-spp-comunitarios"
    ),
    DemoPerson("tecnico@apoia.demo", "Teresa Tavares", Role.TECHNICIAN, "ms-sec-spp-comunitarios"),
    DemoPerson("ouvidor@apoia.demo", "Otávio Oliveira", Role.OMBUDSMAN, "ms-ouvidoria"),
    DemoPerson("municipio@apoia.demo", "Márcia Moreira", Role.MUNICIPAL),
    DemoPerson("osc@apoia.demo", "Osvaldo Santos", Role.ORGANIZATION),
    # Mato Grosso's SUAS technical-support plan (agenda): its staff, its NEEP and a focal point.
    DemoPerson("tecnico-mt@apoia.demo", "Túlio Teixeira", Role.TECHNICIAN, "mt-cpsb"),
    DemoPerson("neep@apoia.demo", "Nair Nunes", Role.NEEP, "mt-neep"),
    DemoPerson("municipio-mt@apoia.demo", "Mirela Matos", Role.MUNICIPAL, "", CUIABA),
    # A citizen with an account and no role: what "Meus pedidos" is for a person.
    DemoPerson("cidadao@apoia.demo", "Cecília Costa", ""),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    scope: str
    password_changed: bool


def demo_password() -> str:
    """APOIA_DEMO_PASSWORD, or a random password generated once and kept in VAR_DIR."""
    if settings.APOIA_DEMO_PASSWORD:
        return settings.APOIA_DEMO_PASSWORD
    path = Path(settings.VAR_DIR) / PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    # 0600 at creation time, so the file is never readable by other local users.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    return password


def _require(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise CommandError(
            _("Dados de referência ausentes (%(what)s). Execute antes: apoia load_reference")
            % {"what": ", ".join(f"{key}={value}" for key, value in lookup.items())}
        ) from None


@transaction.atomic
def load_demo_accounts() -> tuple[str, list[DemoLogin]]:
    """Create the demo people once; returns the password and who can log in with it."""
    password = demo_password()
    # A password a person chose is kept, unless the operator pinned one in the environment.
    force_password = bool(settings.APOIA_DEMO_PASSWORD)
    campo_grande = _require(Municipality.objects.select_related("state"), ibge=CAMPO_GRANDE)
    organization, _created = Organization.objects.get_or_create(
        cnpj=DEMO_ORGANIZATION_CNPJ,
        defaults={
            "name": DEMO_ORGANIZATION_NAME,
            "kind": OrganizationKind.ASSOCIATION,
            "municipality": campo_grande,
            "email": "osc@apoia.demo",
        },
    )
    logins = []
    # Every demo account stores the same hash of their shared password: hashing is the slow
    # part of a run (about a second each), so a run hashes or checks it once, not six times.
    shared_hash = ""
    for person in PEOPLE:
        user, created = User.objects.get_or_create(
            email=person.email, defaults={"full_name": person.full_name}
        )
        if created or force_password:
            shared_hash = shared_hash or make_password(password)
            user.password = shared_hash
            changed = False
        elif user.password == shared_hash:
            changed = False
        elif check_password(password, user.password):
            shared_hash = shared_hash or user.password
            user.password = shared_hash
            changed = False
        else:
            changed = True
        if person.role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        user.save()
        scope = _demo_scope(person, campo_grande, organization)
        if person.role:
            ensure_membership(user, person.role, **scope)
        logins.append(
            DemoLogin(
                email=user.email,
                full_name=user.full_name,
                role=Role(person.role).label if person.role else _("Cidadão(ã), sem papel"),
                scope=str(next(iter(scope.values()), "—")),
                password_changed=changed,
            )
        )
    return password, logins


def _demo_scope(person: DemoPerson, campo_grande, organization) -> dict:
    if person.unit_slug:
        return {"org_unit": _require(OrgUnit.objects, slug=person.unit_slug)}
    if person.role == Role.MUNICIPAL:
        if person.municipality_ibge != campo_grande.ibge:
            return {"municipality": _require(Municipality.objects, ibge=person.municipality_ibge)}
        return {"municipality": campo_grande}
    if person.role == Role.ORGANIZATION:
        return {"organization": organization}
    return {}


def format_logins(password: str, logins: list[DemoLogin]) -> str:
    """A plain-text table for the terminal."""
    header = (_("E-mail"), _("Nome"), _("Papel"), _("Escopo"))
    rows = [
        (
            login.email,
            login.full_name,
            login.role,
            login.scope + (" *" if login.password_changed else ""),
        )
        for login in logins
    ]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("")
    lines.append(_("Senha de todos: %(password)s") % {"password": password})
    if any(login.password_changed for login in logins):
        lines.append(_("* senha alterada pela pessoa; mantida."))
    return "\n".join(lines)
