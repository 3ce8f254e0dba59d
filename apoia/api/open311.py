"""Open311 GeoReport v2 at /open311/v2/: the catalog and the request pipeline in the format
city 311 apps speak, JSON or XML. Requests go through the same `submit_request` as the portal.

- Services are the published catalog services, minus the ombudsman and access-to-information
  ones: their requesters' identity is protected, and Open311 lists requests publicly.
- `POST requests` needs an `api_key` (a personal API token). Without `email`, the key's account
  files the request, as if on the portal. With `email`, it is filed on behalf of that person
  (`first_name`, `last_name`, `phone`, CPF or CNPJ in `attribute[document]`), which the
  service must allow (public submission). Posts whose key opens no account count toward the
  portal's limit of submissions without an account (APOIA_SUBMISSION_RATE per client address).
- `GET requests` is public and shows no personal data: no name, e-mail, document or phone.
  `status_notes` is a note generated from the status (and the unit, or the refusal's listed
  reason), never text someone wrote: the staff's justifications, reroute reasons and
  conclusions are addressed to the requester and may name people, CPFs and e-mails. That holds
  for requests filed through Open311 too: the filer chose to publish their report, not the
  staff's answer, and reads it on the tracking page (the link in `service_notice`).
- `service_request_id` is the protocol number's 17 digits (the NUP form is accepted too).
"""

import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from apoia.accounts.services import authenticate_token
from apoia.catalog.models import Service
from apoia.lib.collation import portuguese
from apoia.protocol import services, wording
from apoia.protocol.models import Channel, ServiceRequest, Status
from apoia.protocol.notifications import tracking_url
from apoia.protocol.numbering import normalize_protocol
from apoia.protocol.queries import OMBUDSMAN_KINDS
from apoia.protocol.throttle import submission_retry_after, too_many_submissions
from apoia.territory.models import Municipality

MAX_RESULTS = 1000
DEFAULT_SPAN = dt.timedelta(days=90)

# Where the pipeline's field paths come from in an Open311 POST.
PARAMETERS = {
    "service": "service_code",
    "option": "attribute[option]",
    "municipality": "attribute[municipality]",
    "requester": "email",
    "requester.name": "first_name",
    "requester.email": "email",
    "requester.document": "attribute[document]",
    "requester.phone": "phone",
    "description": "description",
    NON_FIELD_ERRORS: "request",
}

# XML names of list items; everything else in a dict becomes an element of the same name.
XML_ITEMS = {"attributes": "attribute", "values": "value"}


# --- responses -------------------------------------------------------------------------------


def _xml_value(parent: ET.Element, tag: str, value) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, child in value.items():
            _xml_value(element, key, child)
    elif isinstance(value, list):
        for child in value:
            _xml_value(element, XML_ITEMS.get(tag, "item"), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _xml(root_tag: str, item_tag: str | None, data) -> HttpResponse:
    root = ET.Element(root_tag)
    if item_tag is None:
        for key, value in data.items():
            _xml_value(root, key, value)
    else:
        for item in data:
            _xml_value(root, item_tag, item)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _respond(fmt: str, data, root_tag: str, item_tag: str | None, status: int = 200):
    if fmt == "xml":
        response = _xml(root_tag, item_tag, data)
        response.status_code = status
        return response
    return JsonResponse(data, safe=False, status=status)


def _errors(fmt: str, status: int, *descriptions: str):
    errors = [{"code": status, "description": text} for text in descriptions]
    return _respond(fmt, errors, "errors", "error", status=status)


def _field_errors(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [
        f"{PARAMETERS.get(field, field)}: {message}"
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


# --- services --------------------------------------------------------------------------------


def open311_services():
    return (
        Service.objects.published()
        .exclude(kind__in=OMBUDSMAN_KINDS)
        .prefetch_related("themes", "options")
        .order_by(portuguese("name"))
    )


def _service(service: Service) -> dict:
    return {
        "service_code": service.slug,
        "service_name": service.name,
        "description": service.summary or service.description,
        # Every service has at least the municipality attribute.
        "metadata": True,
        # The service_request_id comes back at once: "realtime" in Open311's terms.
        "type": "realtime",
        "keywords": ", ".join(theme.name for theme in service.themes.all()),
        "group": service.get_kind_display(),
    }


def _attributes(service: Service) -> list[dict]:
    attributes = []
    options = list(service.options.all())
    if options:
        attributes.append(
            {
                "variable": True,
                "code": "option",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": _("Uma das opções do serviço."),
                "description": _("Qual destas opções você pede?"),
                "values": [{"key": option.slug, "name": option.name} for option in options],
            }
        )
    if service.allows_public_submission:
        attributes.append(
            {
                "variable": True,
                "code": "document",
                "datatype": "string",
                "required": False,
                "datatype_description": _("CPF ou CNPJ, com ou sem pontuação."),
                "description": _(
                    "CPF ou CNPJ de quem pede. Obrigatório quando o pedido é feito em nome "
                    "de alguém (com email)."
                ),
            }
        )
    attributes.append(
        {
            "variable": True,
            "code": "municipality",
            "datatype": "number",
            "required": False,
            "datatype_description": _("Código IBGE do município, com 7 dígitos."),
            "description": _("Município do pedido; os feriados dele contam no prazo."),
        }
    )
    for order, attribute in enumerate(attributes, start=1):
        attribute["order"] = order
    return attributes


@require_GET
def service_list(request, fmt: str):
    rows = [_service(service) for service in open311_services()]
    return _respond(fmt, rows, "services", "service")


@require_GET
def service_definition(request, service_code: str, fmt: str):
    service = open311_services().filter(slug=service_code).first()
    if service is None:
        return _errors(fmt, 404, _("service_code: serviço desconhecido."))
    data = {"service_code": service.slug, "attributes": _attributes(service)}
    return _respond(fmt, data, "service_definition", None)


# --- requests --------------------------------------------------------------------------------


def public_requests():
    """Requests Open311 shows to anyone: never ombudsman or access-to-information ones."""
    return ServiceRequest.objects.exclude(service__kind__in=OMBUDSMAN_KINDS).select_related(
        "service", "unit", "state"
    )


def status_note(req: ServiceRequest) -> str:
    """The public note of a request's status, generated: nothing anyone typed goes in it."""
    if req.status == Status.RECEIVED and req.unit is not None:
        return _(wording.forwarded_to(req.unit.name)) % {"unit": req.unit.name}
    if req.status == Status.REFUSED and req.refusal_reason:
        return _("Recusado: %(reason)s.") % {"reason": req.get_refusal_reason_display()}
    return f"{req.get_status_display()}."


def _local(value: dt.datetime, zone: ZoneInfo) -> str:
    return timezone.localtime(value, zone).isoformat(timespec="seconds")


def _request(req: ServiceRequest) -> dict:
    zone = ZoneInfo(req.state.timezone)
    # Only what was filed through Open311 itself, a public-reporting channel, shows its text
    # and place; an ofício filed on the portal may carry personal details (LGPD) and shows
    # only its service, status, unit and dates here.
    public = req.channel == Channel.OPEN311
    # The due date is a whole day: the answer is expected by its end.
    expected = dt.datetime.combine(req.due_date, dt.time(23, 59, 59), tzinfo=zone)
    return {
        "service_request_id": req.protocol_slug,
        "status": "open" if req.is_open else "closed",
        "status_notes": status_note(req),
        "service_name": req.service.name,
        "service_code": req.service.slug,
        "description": req.description if public else "",
        "agency_responsible": req.unit.name if req.unit else "",
        "requested_datetime": _local(req.received_at, zone),
        "updated_datetime": _local(req.updated_at, zone),
        "expected_datetime": expected.isoformat(),
        "address": req.address if public else "",
        "lat": req.latitude if public else None,
        "long": req.longitude if public else None,
    }


def _parse_datetime(value: str) -> dt.datetime | None:
    # An unencoded "+" of a UTC offset arrives as a space.
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _listing(fmt: str, rows):
    rows = rows.order_by("-received_at")[:MAX_RESULTS]
    return _respond(fmt, [_request(req) for req in rows], "service_requests", "request")


def _search(request, fmt: str):
    params = request.GET
    rows = public_requests()
    ids = [item for item in params.get("service_request_id", "").split(",") if item.strip()]
    if ids:
        # The spec: with ids, every other filter is ignored.
        numbers = {normalize_protocol(item) for item in ids} - {None}
        rows = rows.filter(protocol__in=numbers)
        return _listing(fmt, rows)

    errors = []
    codes = [code.strip() for code in params.get("service_code", "").split(",") if code.strip()]
    if codes:
        rows = rows.filter(service__slug__in=codes)
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        errors.append(_("status: use open, closed ou open,closed."))
    elif statuses == {"open"}:
        rows = rows.open()
    elif statuses == {"closed"}:
        rows = rows.closed()

    bounds = {}
    for name in ("start_date", "end_date"):
        if params.get(name, "").strip():
            bounds[name] = _parse_datetime(params[name])
            if bounds[name] is None:
                errors.append(
                    _("%(name)s: data inválida; use ISO 8601 (AAAA-MM-DDTHH:MM:SS-04:00).")
                    % {"name": name}
                )
    if errors:
        return _errors(fmt, 400, *errors)
    start, end = bounds.get("start_date"), bounds.get("end_date")
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - DEFAULT_SPAN
    if end is None:
        end = start + DEFAULT_SPAN
    if end < start:
        return _errors(fmt, 400, _("end_date: anterior a start_date."))
    if end - start > DEFAULT_SPAN:
        return _errors(fmt, 400, _("end_date: o intervalo pode ter no máximo 90 dias."))
    return _listing(fmt, rows.filter(received_at__gte=start, received_at__lte=end))


def _float(params, name: str, errors: list[str]) -> float | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        errors.append(_("%(name)s: informe um número.") % {"name": name})
        return None


def _create(request, fmt: str):
    params = request.POST
    user = authenticate_token(params.get("api_key", "").strip())
    if wait := submission_retry_after(request, user):
        # Counted like the portal's submissions without an account: here it bounds how fast
        # api_keys can be guessed.
        response = _errors(fmt, 429, too_many_submissions(wait))
        response["Retry-After"] = str(wait)
        return response
    if user is None:
        return _errors(fmt, 403, _("api_key inválida."))
    code = params.get("service_code", "").strip()
    if not code:
        return _errors(fmt, 400, _("service_code: informe o serviço."))
    service = open311_services().select_related("state").filter(slug=code).first()
    if service is None:
        return _errors(fmt, 404, _("service_code: serviço desconhecido."))

    errors: list[str] = []
    option = None
    if slug := params.get("attribute[option]", "").strip():
        option = service.options.filter(slug=slug).first()
        if option is None:
            errors.append(_("attribute[option]: opção desconhecida."))
    municipality = None
    if ibge := params.get("attribute[municipality]", "").strip():
        valid = ibge.isdigit() and len(ibge) == 7
        municipality = Municipality.objects.filter(ibge=int(ibge)).first() if valid else None
        if municipality is None:
            errors.append(_("attribute[municipality]: município desconhecido."))
    latitude = _float(params, "lat", errors)
    longitude = _float(params, "long", errors)
    if (latitude is None) != (longitude is None):
        errors.append(_("lat: envie lat e long juntos."))
    address = params.get("address_string", "").strip()
    if len(address) > 250:
        errors.append(_("address_string: no máximo 250 caracteres."))
    name = " ".join(params.get(key, "").strip() for key in ("first_name", "last_name")).strip()
    if len(name) > 150:
        errors.append(_("first_name: nome longo demais."))
    if errors:
        return _errors(fmt, 400, *errors)

    email = params.get("email", "").strip()
    requester = None
    if email:
        requester = services.RequesterData(
            name=name,
            email=email,
            document=params.get("attribute[document]", ""),
            phone=params.get("phone", "").strip()[:40],
        )
    try:
        req = services.submit_request(
            service=service,
            option=option,
            by=None if email else user,
            requester=requester,
            municipality=municipality,
            description=params.get("description", ""),
            channel=Channel.OPEN311,
            latitude=latitude,
            longitude=longitude,
            address=address,
        )
    except ValidationError as exc:
        return _errors(fmt, 400, *_field_errors(exc))
    notice = _("Protocolo %(protocol)s. Prazo de resposta: %(due)s. Acompanhe em %(url)s") % {
        "protocol": req.protocol,
        "due": req.due_date.strftime("%d/%m/%Y"),
        "url": tracking_url(req),
    }
    body = [{"service_request_id": req.protocol_slug, "service_notice": notice, "account_id": None}]
    return _respond(fmt, body, "service_requests", "request", status=201)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests(request, fmt: str):
    """GET: search requests (public). POST: file one (needs api_key)."""
    if request.method == "POST":
        return _create(request, fmt)
    return _search(request, fmt)


@require_GET
def request_detail(request, service_request_id: str, fmt: str):
    number = normalize_protocol(service_request_id)
    req = public_requests().filter(protocol=number).first() if number else None
    if req is None:
        return _errors(fmt, 404, _("service_request_id: pedido não encontrado."))
    return _respond(fmt, [_request(req)], "service_requests", "request")
