"""Adhesion to a program: the request (through the protocol pipeline), its acceptance, the
focal points' accounts, renewal, withdrawal, and the phases' status that moves queues.

A request made while the chosen phase does not take adhesions (its window closed, or not open
yet) is *queued*: it still goes through the protocol, and once accepted the adhesion waits with
status `queued` for the next phase of the program (or for the chosen phase, when its window
has not opened yet). When a phase opens for adhesion or starts running, the adhesions queued
for it become active; those queued while there was no next phase join the first phase opened
after them.

A withdrawal takes back the municipal role from the focal points whose role only that
adhesion gave; a role from another adhesion of the municipality, or held before any adhesion,
stays (`withdraw_adhesion`, `_release_roles`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from apoia.accounts.models import Membership, Role, User
from apoia.accounts.services import ensure_membership
from apoia.catalog.models import Service
from apoia.programs import queries, terms
from apoia.programs.models import (
    Adhesion,
    AdhesionApplication,
    AdhesionStatus,
    FocalPoint,
    Phase,
    PhaseStatus,
    Program,
)
from apoia.protocol import services as protocol_services
from apoia.protocol.models import OPEN_STATUSES, ServiceRequest
from apoia.territory.models import Municipality

DECLARATION_TEXT = gettext_lazy(
    "Declaro, na qualidade de Prefeito(a) Municipal, que o Município adere voluntariamente ao "
    "programa e às propostas de ação de enfrentamento aos desafios prioritários do Governo do "
    "Estado, e indico os pontos focais acima como seus representantes no programa."
)
MAX_FOCAL_POINTS = 5


@dataclass
class FocalPointData:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def program_for_service(service: Service) -> Program | None:
    return Program.objects.filter(adhesion_service=service).first()


def requestable_municipalities(user, program: Program) -> list[Municipality]:
    """The municipalities whose focal point the user is, in the program's state."""
    if not user.is_authenticated:
        return []
    return [
        m.municipality
        for m in user.active_memberships
        if m.role == Role.MUNICIPAL
        and m.municipality_id
        and m.municipality.state_id == program.state_id
    ]


def target_phase(phase: Phase, today: dt.date) -> tuple[Phase | None, bool]:
    """(the phase a request made `today` for `phase` will join, whether it is queued)."""
    if phase.window_is_open(today):
        return phase, False
    if phase.status == PhaseStatus.PLANNED or (
        phase.adhesion_opens and today < phase.adhesion_opens
    ):
        return phase, True
    return queries.next_phase(phase), True


def _taken(municipality: Municipality, program: Program, phase: Phase | None) -> str | None:
    """Why this municipality cannot ask for this phase again, or None."""
    adhesions = Adhesion.objects.filter(municipality=municipality, program=program).exclude(
        status=AdhesionStatus.WITHDRAWN
    )
    if adhesions.filter(phase=phase).exists():
        if phase is None:
            return _("%(municipality)s já está na fila para a próxima fase do programa.") % {
                "municipality": municipality.name
            }
        return _("%(municipality)s já aderiu à %(phase)s deste programa.") % {
            "municipality": municipality.name,
            "phase": phase.name,
        }
    pending = AdhesionApplication.objects.filter(
        program=program,
        phase=phase,
        request__municipality=municipality,
        request__status__in=OPEN_STATUSES,
    ).exclude(request__adhesion__isnull=False)
    if pending.exists():
        return _(
            "Já há um pedido de adesão de %(municipality)s a esta fase em análise (protocolo "
            "%(protocol)s)."
        ) % {"municipality": municipality.name, "protocol": pending.first().request.protocol}
    return None


def _focal_point_errors(focal_points: list[FocalPointData]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    filled = [fp for fp in focal_points if any(asdict(fp).values())]
    if not filled:
        errors["focal_points"] = [_("Indique pelo menos um ponto focal.")]
    if len(filled) > MAX_FOCAL_POINTS:
        errors["focal_points"] = [
            _("Indique no máximo %(count)d pontos focais.") % {"count": MAX_FOCAL_POINTS}
        ]
    seen = set()
    for index, fp in enumerate(filled):
        path = f"focal_points.{index}"
        if not fp.name.strip():
            errors.setdefault(f"{path}.name", []).append(_("Informe o nome."))
        if not fp.role.strip():
            errors.setdefault(f"{path}.role", []).append(_("Informe o cargo ou a função."))
        email = fp.email.strip().lower()
        if not email:
            errors.setdefault(f"{path}.email", []).append(_("Informe o e-mail."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors.setdefault(f"{path}.email", []).append(_("E-mail inválido."))
            if email in seen:
                errors.setdefault(f"{path}.email", []).append(
                    _("Este e-mail já foi indicado para outro ponto focal.")
                )
            seen.add(email)
        for field, limit in (("name", 150), ("role", 150), ("phone", 40)):
            if len(getattr(fp, field)) > limit:
                errors.setdefault(f"{path}.{field}", []).append(
                    _("Use no máximo %(count)d caracteres.") % {"count": limit}
                )
    return errors


def request_adhesion(
    *,
    program: Program,
    phase: Phase,
    municipality: Municipality,
    focal_points: list[FocalPointData],
    mayor_declaration: bool,
    by,
    channel: str = "web",
    on_filed=None,
) -> ServiceRequest:
    """File the adhesion request through the protocol and keep what it asked, all or nothing.
    `on_filed(req)` runs in the same transaction once the request is saved (the API's
    Idempotency-Key is remembered there)."""
    errors: dict[str, list[str]] = {}
    if program.adhesion_service is None:
        errors["program"] = [_("Este programa não recebe pedidos de adesão pelo Apoia.")]
    if municipality not in requestable_municipalities(by, program):
        raise PermissionDenied(
            _("Só os pontos focais do município podem pedir a adesão dele ao programa.")
        )
    if phase.program_id != program.pk or phase.status == PhaseStatus.CLOSED:
        errors["phase"] = [_("Escolha uma fase aberta deste programa.")]
    errors |= _focal_point_errors(focal_points)
    if not mayor_declaration:
        errors["mayor_declaration"] = [
            _("A adesão é voluntária: o(a) prefeito(a) precisa aceitar a declaração.")
        ]
    if errors:
        raise ValidationError(errors)
    joins, queued = target_phase(phase, _today())
    if reason := _taken(municipality, program, joins):
        raise ValidationError({"phase": [reason]})

    rows = [
        {
            "name": fp.name.strip(),
            "role": fp.role.strip(),
            "email": fp.email.strip().lower(),
            "phone": fp.phone.strip(),
        }
        for fp in focal_points
        if any(asdict(fp).values())
    ]
    description = _("Pedido de adesão de %(municipality)s à %(phase)s do %(program)s.") % {
        "municipality": municipality.name,
        "phase": phase.name,
        "program": program.name,
    }
    if queued and joins is not None and joins != phase:
        description += " " + _(
            "O período de adesão desta fase não está aberto: o pedido fica na fila para a %(next)s."
        ) % {"next": joins.name}
    elif queued and joins is None:
        description += " " + _(
            "O período de adesão não está aberto: o pedido fica na fila para a próxima fase."
        )
    elif queued:
        description += " " + _(
            "O período de adesão desta fase ainda não abriu: o pedido fica na fila."
        )
    description += "\n" + _("Pontos focais: %(names)s.") % {
        "names": "; ".join(f"{row['name']} ({row['role']})" for row in rows)
    }

    def keep_application(req):
        AdhesionApplication.objects.create(
            request=req,
            program=program,
            requested_phase=phase,
            phase=joins,
            queued=queued,
            focal_points=rows,
            mayor_declaration=True,
            declaration_text=str(DECLARATION_TEXT),
        )
        if on_filed is not None:
            on_filed(req)

    return protocol_services.submit_request(
        service=program.adhesion_service,
        description=description,
        subject=_("Adesão à %(phase)s — %(program)s")
        % {"phase": phase.name, "program": program.name},
        municipality=municipality,
        by=by,
        channel=channel,
        on_filed=keep_application,
        via_submission_page=True,
    )


def _link_accounts(adhesion: Adhesion) -> None:
    """Each focal point gets the municipal role of the municipality: the account with that
    e-mail when there is one, otherwise a new one without a usable password (its owner sets
    one through the password reset). A role this creates is marked on the focal point
    (`granted_role`), so a withdrawal knows it may take it back."""
    for fp in adhesion.focal_points.all():
        user = User.objects.filter(email__iexact=fp.email).first()
        if user is None:
            user = User.objects.create_user(
                email=fp.email, password=None, full_name=fp.name, phone=fp.phone
            )
        had_role = Membership.objects.filter(
            user=user, role=Role.MUNICIPAL, municipality=adhesion.municipality
        ).exists()
        ensure_membership(user, Role.MUNICIPAL, municipality=adhesion.municipality)
        changed = []
        if fp.user_id != user.pk:
            fp.user = user
            changed.append("user")
        if not had_role and not fp.granted_role:
            fp.granted_role = True
            changed.append("granted_role")
        if changed:
            fp.save(update_fields=changed)


def _release_roles(adhesion: Adhesion) -> list[User]:
    """After a withdrawal: the focal points who lose the municipality's municipal role.

    The rule: an account keeps the role while another adhesion of the same municipality (any
    program, active or queued) names it as a focal point; otherwise it loses the role only
    when an adhesion gave it (a focal point of this municipality linked to that account has
    `granted_role`). A role that existed before any adhesion linked the account (granted by an
    administrator, or held by the person who filed the request) stays. An administrator who
    grants the role while an adhesion's role already exists changes nothing in the database,
    so that role still goes with the withdrawal and has to be granted again.
    """
    users = {fp.user_id for fp in adhesion.focal_points.all() if fp.user_id}
    if not users:
        return []
    still_named = set(
        FocalPoint.objects.filter(
            user_id__in=users, adhesion__municipality_id=adhesion.municipality_id
        )
        .exclude(adhesion__status=AdhesionStatus.WITHDRAWN)
        .values_list("user_id", flat=True)
    )
    from_adhesions = set(
        FocalPoint.objects.filter(
            user_id__in=users - still_named,
            adhesion__municipality_id=adhesion.municipality_id,
            granted_role=True,
        ).values_list("user_id", flat=True)
    )
    released = list(User.objects.filter(pk__in=from_adhesions))
    Membership.objects.filter(
        user__in=released, role=Role.MUNICIPAL, municipality_id=adhesion.municipality_id
    ).delete()
    return released


def _create_adhesion(*, by, **fields) -> Adhesion:
    adhesion = Adhesion(**fields)
    adhesion._history_user = by
    try:
        with transaction.atomic():
            adhesion.save()
            return adhesion
    except IntegrityError:
        raise ValidationError(
            {"phase": [_("Este município já aderiu a esta fase do programa.")]}
        ) from None


def accept_adhesion_request(req: ServiceRequest, *, by) -> Adhesion | None:
    """protocol's acceptance handler for program_adhesion requests: runs inside `decide`'s
    transaction, so whatever fails here leaves the request undecided."""
    application = (
        AdhesionApplication.objects.select_related("program", "phase", "requested_phase")
        .filter(request=req)
        .first()
    )
    if application is None:
        # Filed through the generic form or the API before this app existed: nothing to join.
        return None
    phase = application.phase
    if application.queued and phase is not None and phase.window_is_open(_today()):
        queued = False
    else:
        queued = application.queued
    if reason := _taken_at_acceptance(req.municipality, application.program, phase):
        raise ValidationError({"phase": [reason]})
    adhesion = _create_adhesion(
        program=application.program,
        phase=phase,
        municipality=req.municipality,
        status=AdhesionStatus.QUEUED if queued else AdhesionStatus.ACTIVE,
        since=timezone.localdate(req.decided_at) if req.decided_at else _today(),
        request=req,
        by=by,
    )
    bulk_create_with_history(
        [
            FocalPoint(adhesion=adhesion, order=order, **row)
            for order, row in enumerate(application.focal_points)
        ],
        FocalPoint,
        default_user=by,
    )
    _link_accounts(adhesion)
    terms.issue_term(adhesion)
    return adhesion


def _taken_at_acceptance(municipality, program, phase) -> str | None:
    taken = (
        Adhesion.objects.filter(municipality=municipality, program=program, phase=phase)
        .exclude(status=AdhesionStatus.WITHDRAWN)
        .exists()
    )
    if not taken:
        return None
    if phase is None:
        return _("%(municipality)s já está na fila para a próxima fase do programa.") % {
            "municipality": municipality.name
        }
    return _(
        "%(municipality)s já aderiu à %(phase)s deste programa; recuse este pedido como duplicado."
    ) % {"municipality": municipality.name, "phase": phase.name}


def _may_act_for(user, adhesion: Adhesion) -> bool:
    return queries.is_manager(user, adhesion.program) or (
        user.is_authenticated
        and adhesion.municipality_id in user.scope_ids(Role.MUNICIPAL, "municipality")
    )


@transaction.atomic
def renew_adhesion(adhesion: Adhesion, *, phase: Phase, by) -> Adhesion:
    """A new adhesion for a later phase, linked to this one, with the same focal points."""
    if not _may_act_for(by, adhesion):
        raise PermissionDenied(_("Só o município ou a gestão do programa podem renovar a adesão."))
    if adhesion.status != AdhesionStatus.ACTIVE:
        raise ValidationError({"phase": [_("Só uma adesão ativa pode ser renovada.")]})
    if Adhesion.objects.filter(renewed_from=adhesion).exists():
        raise ValidationError({"phase": [_("Esta adesão já foi renovada.")]})
    if (
        phase.program_id != adhesion.program_id
        or phase.order <= adhesion.phase.order
        or phase.status == PhaseStatus.CLOSED
    ):
        raise ValidationError({"phase": [_("Escolha uma fase seguinte, ainda não encerrada.")]})
    if reason := _taken_at_acceptance(adhesion.municipality, adhesion.program, phase):
        raise ValidationError({"phase": [reason]})
    renewal = _create_adhesion(
        program=adhesion.program,
        phase=phase,
        municipality=adhesion.municipality,
        status=AdhesionStatus.ACTIVE if phase.window_is_open(_today()) else AdhesionStatus.QUEUED,
        since=_today(),
        renewed_from=adhesion,
        by=by,
    )
    bulk_create_with_history(
        [
            FocalPoint(
                adhesion=renewal,
                name=fp.name,
                role=fp.role,
                email=fp.email,
                phone=fp.phone,
                user=fp.user,
                order=fp.order,
            )
            for fp in adhesion.focal_points.all()
        ],
        FocalPoint,
        default_user=by,
    )
    _link_accounts(renewal)
    terms.issue_term(renewal)
    return renewal


@transaction.atomic
def withdraw_adhesion(adhesion: Adhesion, *, reason: str, by) -> Adhesion:
    """The municipality leaves the program (kept, with who, when and why).

    Its focal points keep the municipal role only when it comes from elsewhere: another
    adhesion of the municipality that still names them, or a role they held before any
    adhesion gave it (see `_release_roles`)."""
    if not _may_act_for(by, adhesion):
        raise PermissionDenied(
            _("Só o município ou a gestão do programa podem registrar a desistência.")
        )
    if adhesion.status == AdhesionStatus.WITHDRAWN:
        raise ValidationError({"reason": [_("Esta adesão já foi encerrada por desistência.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Informe o motivo da desistência.")]})
    if len(reason) > 2000:
        raise ValidationError({"reason": [_("Use no máximo 2000 caracteres.")]})
    adhesion.status = AdhesionStatus.WITHDRAWN
    adhesion.withdrawal_reason = reason.strip()
    adhesion.withdrawn_at = timezone.now()
    adhesion.withdrawn_by = by
    adhesion._history_user = by
    adhesion.save()
    _release_roles(adhesion)
    return adhesion


@transaction.atomic
def update_phase(phase: Phase, *, by, **fields) -> Phase:
    """Change a phase's status or dates; opening it activates the adhesions queued for it."""
    if not queries.is_manager(by, phase.program):
        raise PermissionDenied(_("Só a gestão do programa pode alterar as fases."))
    allowed = {"status", "start", "end", "adhesion_opens", "adhesion_closes", "name"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(phase, name, value)
    try:
        phase.full_clean(exclude=["program", "slug", "order"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    phase._history_user = by
    phase.save()
    if phase.status in (PhaseStatus.ADHESION, PhaseStatus.RUNNING):
        queued = Adhesion.objects.filter(
            program=phase.program, status=AdhesionStatus.QUEUED
        ).filter(phase=phase)
        waiting_without_phase = Adhesion.objects.filter(
            program=phase.program, status=AdhesionStatus.QUEUED, phase__isnull=True
        )
        for adhesion in [*queued, *waiting_without_phase]:
            if (
                adhesion.phase_id is None
                and Adhesion.objects.filter(municipality=adhesion.municipality, phase=phase)
                .exclude(status=AdhesionStatus.WITHDRAWN)
                .exists()
            ):
                continue
            adhesion.phase = phase
            adhesion.status = AdhesionStatus.ACTIVE
            adhesion.since = _today()
            adhesion._history_user = by
            adhesion.save()
    return phase
