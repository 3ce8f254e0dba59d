"""Filing a parliamentary demand: a protocol request of the `demanda-parlamentar` service and,
in the same transaction, the demand that keeps who asked and about which bill.

The request gets what every request gets (protocol number, business-day deadline, routing to
the desk, receipt, decision and tracking); this module adds only the legislator's facts.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apoia.legislative.models import Bill, House, ParliamentaryDemand
from apoia.legislative.reference_demands import demand_service
from apoia.protocol import limits
from apoia.protocol import services as protocol_services
from apoia.protocol.models import Channel, ServiceRequest
from apoia.territory.models import Municipality

LEGISLATOR_MAX = ParliamentaryDemand._meta.get_field("legislator").max_length
PARTY_MAX = ParliamentaryDemand._meta.get_field("party").max_length


def _demand_errors(
    *, service, legislator: str, party: str, house: str, municipality, bill, subject: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not legislator.strip():
        add("legislator", _("Informe o nome do(a) parlamentar."))
    errors |= limits.length_errors(
        {"legislator": (legislator, LEGISLATOR_MAX), "party": (party, PARTY_MAX)}
    )
    if not subject.strip():
        add("subject", _("Informe o assunto da demanda."))
    if house not in House.values:
        add("house", _("Escolha a casa legislativa."))
    elif house == House.MUNICIPAL_CHAMBER:
        if municipality is None:
            add("municipality", _("Informe o município da câmara municipal."))
        elif municipality.state_id != service.state_id:
            add(
                "municipality",
                _("Escolha um município de %(uf)s.") % {"uf": service.state.uf},
            )
    elif municipality is not None:
        add("municipality", _("Só uma demanda de câmara municipal informa o município."))
    if bill is not None and house in House.values:
        if bill.state_id != service.state_id:
            add("bill", _("Esta proposição não é de %(uf)s.") % {"uf": service.state.uf})
        elif bill.house != house:
            add(
                "bill",
                _("Esta proposição é da %(house)s, não da casa escolhida.")
                % {"house": bill.get_house_display()},
            )
        elif (
            house == House.MUNICIPAL_CHAMBER
            and municipality is not None
            and bill.municipality_id != municipality.pk
        ):
            add("bill", _("Esta proposição é de outra câmara municipal."))
    return errors


def validate_demand(
    *,
    service,
    by,
    legislator: str,
    party: str,
    house: str,
    municipality: Municipality | None,
    bill: Bill | None,
    subject: str,
    description: str,
    requester: protocol_services.RequesterData | None = None,
    attachments=(),
) -> dict[str, list[str]]:
    """Every problem of a demand at once, keyed by field: the demand's own and the request's
    (`protocol.services.validate_submission`). The form asks it too, to show them together."""
    errors = _demand_errors(
        service=service,
        legislator=legislator,
        party=party,
        house=house,
        municipality=municipality,
        bill=bill,
        subject=subject,
    )
    for field, messages in protocol_services.validate_submission(
        service=service,
        option=None,
        user=by,
        requester=requester,
        organization=None,
        municipality=municipality,
        description=description,
        anonymous=False,
        attachments=attachments,
        subject=subject,
    ).items():
        errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    return errors


def file_demand(
    *,
    by,
    legislator: str,
    house: str,
    description: str,
    subject: str,
    party: str = "",
    municipality: Municipality | None = None,
    bill: Bill | None = None,
    requester: protocol_services.RequesterData | None = None,
    attachments=(),
    received_at: dt.datetime | None = None,
    channel: str = Channel.WEB,
    on_filed=None,
) -> ServiceRequest:
    """File the demand of `legislator`; returns the request (protocol number, deadline).

    Every problem comes at once in one ValidationError keyed by field ("municipality" for a
    câmara municipal's demand without its town, "bill" for a bill of another house), the
    demand's and the request's together. `on_filed(req)` runs inside the write transaction,
    after the demand is saved (the API's idempotency key)."""
    legislator, party, subject = (legislator or "").strip(), (party or "").strip(), subject or ""
    service = demand_service()
    if service is None or not service.is_published:
        raise ValidationError(
            {"service": [_("O registro de demandas parlamentares está fechado.")]}
        )
    errors = validate_demand(
        service=service,
        by=by,
        legislator=legislator,
        party=party,
        house=house,
        municipality=municipality,
        bill=bill,
        subject=subject,
        description=description,
        requester=requester,
        attachments=attachments,
    )
    if errors:
        raise ValidationError(errors)

    def keep_demand(req):
        ParliamentaryDemand.objects.create(
            request=req,
            legislator=legislator,
            party=party,
            house=house,
            municipality=municipality,
            bill=bill,
        )
        if on_filed is not None:
            on_filed(req)

    return protocol_services.submit_request(
        service=service,
        description=description,
        subject=subject,
        municipality=municipality,
        by=by,
        requester=requester,
        attachments=attachments,
        channel=channel,
        received_at=received_at,
        on_filed=keep_demand,
        via_submission_page=True,
    )
