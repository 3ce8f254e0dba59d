"""Who asked appears exactly where `queries.can_see_requester` allows it, on every surface.

The matrix files one request of each kind by the same requester (a distinctive name, e-mail and
CPF), then opens every surface as each role and records which of the three it shows. The rule:
- an ordinary ofício: whoever may see the request;
- an ombudsman manifestation or a LAI request: the ombudsman of the unit holding it, in its
  state, and the requester themself;
- an anonymous manifestation: nobody.
Then one test per bug of issue 7, item 3 (a), (b), (d), (e), and the submission's transaction.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apoia.accounts.models import Organization, OrgUnit, Role, User
from apoia.accounts.services import create_api_token, ensure_membership
from apoia.accounts.tests.factories import OrganizationFactory
from apoia.api import open311
from apoia.catalog.models import Service
from apoia.protocol import receipts, services
from apoia.protocol.models import (
    Attachment,
    EventKind,
    ProtocolSequence,
    ServiceRequest,
    TimelineEvent,
)
from apoia.protocol.queries import can_see_requester
from apoia.protocol.services import submission, timeline
from apoia.territory.models import Municipality

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

NAME = "Zuleica Quintanilha Vasconcelos"
EMAIL = "zuleica.quintanilha@exemplo.org"
CPF = "39053344705"
# Pages show the CPF punctuated for reading; the machine outputs keep the digits.
CPF_SHOWN = "390.533.447-05"
MARKERS = {"name": NAME, "email": EMAIL, "cpf": CPF}
EVERYTHING = {"name", "email", "cpf"}
ORGANIZATION = "Associação Recanto das Seriemas"

ROLES = (
    "admin",
    "unit_coordinator",
    "parent_coordinator",
    "assigned_technician",
    "unit_ombudsman",
    "other_unit_ombudsman",
    "other_state_ombudsman",
    "organization_colleague",
    "municipal_colleague",
    "requester",
    "anonymous_public",
)
# Every staff role here holds the admin flag and view permissions, but only the admin role
# enters the Django admin (User.may_use_admin): for the others the admin shows nothing. In the
# admin, which lists every request, the identity rule is all that protects a requester: the
# admin sees no ombudsman or LAI requester.
ADMIN_ACCESS = {"admin"}

KINDS = {
    "oficio": {"service": "orientacao-associacoes-comunitarias", "option": "formacao-capacitacao"},
    "ombudsman": {"service": "ouvidoria-reclamacao"},
    "anonymous_ombudsman": {"service": "ouvidoria-denuncia", "anonymous": True},
    "lai": {"service": "acesso-a-informacao"},
}
# Who may see the identity, by the rule.
ALLOWED = {
    "oficio": {
        "admin",
        "unit_coordinator",
        "parent_coordinator",
        "assigned_technician",
        "organization_colleague",
        "municipal_colleague",
        "requester",
    },
    "ombudsman": {"unit_ombudsman", "requester"},
    "anonymous_ombudsman": set(),
    "lai": {"unit_ombudsman", "requester"},
}
# What each surface shows of an identity it may show.
SHOWN = {
    "staff page": EVERYTHING,
    "staff timeline actor": {"name"},
    "api detail": EVERYTHING,
    "api timeline actor": {"name"},
    "api list": set(),
    "csv export": EVERYTHING,
    "xlsx export": EVERYTHING,
    "receipt page": {"name"},
    "receipt pdf": {"name"},
    "admin changelist": {"name"},
    "admin change page": EVERYTHING,
    "open311": set(),
}


@pytest.fixture(autouse=True)
def clean_limits_and_media(settings, tmp_path):
    cache.clear()  # the tracking lookups of one test must not throttle the next
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def campo_grande(seeds):
    return Municipality.objects.get(ibge=5002704)


@pytest.fixture
def association(campo_grande):
    return OrganizationFactory(name=ORGANIZATION, cnpj="45002502554683", municipality=campo_grande)


def _person(email, name, *memberships, admin_site=False):
    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=name)
    for role, scope in memberships:
        ensure_membership(user, role, **scope)
    if admin_site:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="protocol",
                codename__in=["view_servicerequest", "view_timelineevent", "view_attachment"],
            )
        )
    return user


@pytest.fixture
def people(seeds, campo_grande, association):
    unit = OrgUnit.objects.get(slug="ms-sec-spp-comunitarios")
    ombudsman_unit = OrgUnit.objects.get(slug="ms-ouvidoria")
    both = [
        (Role.COORDINATOR, {"org_unit": unit}),
        (Role.COORDINATOR, {"org_unit": ombudsman_unit}),
    ]
    admin = _person("ana@apoia.test", "Ana Andrade", (Role.ADMIN, {}))
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    return {
        "admin": admin,
        "unit_coordinator": _person("carla@apoia.test", "Carla Coelho", *both, admin_site=True),
        "parent_coordinator": _person(
            "pedro@apoia.test",
            "Pedro Paiva",
            (Role.COORDINATOR, {"org_unit": OrgUnit.objects.get(slug="ms-sec")}),
            admin_site=True,
        ),
        "assigned_technician": _person(
            "tiago@apoia.test",
            "Tiago Teixeira",
            (Role.TECHNICIAN, {"org_unit": unit}),
            (Role.TECHNICIAN, {"org_unit": ombudsman_unit}),
            admin_site=True,
        ),
        "unit_ombudsman": _person(
            "olga@apoia.test",
            "Olga Ornelas",
            (Role.OMBUDSMAN, {"org_unit": ombudsman_unit}),
            admin_site=True,
        ),
        "other_unit_ombudsman": _person(
            "osvaldo@apoia.test",
            "Osvaldo Osório",
            (Role.OMBUDSMAN, {"org_unit": OrgUnit.objects.get(slug="ms-segem")}),
            admin_site=True,
        ),
        "other_state_ombudsman": _person(
            "otavia@apoia.test",
            "Otávia Ortiz",
            (Role.OMBUDSMAN, {"org_unit": OrgUnit.objects.get(slug="mt-ouvidoria")}),
            admin_site=True,
        ),
        "organization_colleague": _person(
            "paula@apoia.test", "Paula Pires", (Role.ORGANIZATION, {"organization": association})
        ),
        "municipal_colleague": _person(
            "mario@apoia.test", "Mário Mendes", (Role.MUNICIPAL, {"municipality": campo_grande})
        ),
        # A focal point of Campo Grande who also represents the association: both kinds of
        # colleague could reach what she files.
        "requester": _person(
            EMAIL,
            NAME,
            (Role.ORGANIZATION, {"organization": association}),
            (Role.MUNICIPAL, {"municipality": campo_grande}),
        ),
        "anonymous_public": None,
    }


def file_request(kind: str, people) -> ServiceRequest:
    """The requester files one request of `kind`; it is accepted and assigned, and she writes
    once more, signed in, from the tracking page."""
    spec = KINDS[kind]
    service = Service.objects.get(slug=spec["service"])
    requester = people["requester"]
    requester.phone = "(67) 98888-1234"
    req = services.submit_request(
        service=service,
        option=service.options.get(slug=spec["option"]) if "option" in spec else None,
        by=requester,
        requester=services.RequesterData(document=CPF),
        subject="Assunto do pedido",
        description="Texto do pedido, sem nada que identifique quem o fez.",
        anonymous=spec.get("anonymous", False),
    )
    services.decide(
        req, accepted=True, by=people["unit_coordinator"], assignee=people["assigned_technician"]
    )
    services.requester_reply(req, text="Segue o documento pedido.", by=requester, holds_code=True)
    return ServiceRequest.objects.get(pk=req.pk)


def _found(text: str) -> set[str]:
    found = {key for key, value in MARKERS.items() if value in text}
    return found | ({"cpf"} if CPF_SHOWN in text else set())


def _main(response) -> str:
    """The page's own content: the header names the signed-in user on every page."""
    html = response.content.decode()
    for start, end in (('<main id="main-content"', "</main>"), ('<div id="content"', "<footer")):
        if start in html:
            return html[html.index(start) : html.index(end, html.index(start))]
    return html if response.status_code == 200 else ""


def _xlsx_text(response) -> str:
    if response.status_code != 200 or "spreadsheet" not in response["Content-Type"]:
        return ""
    sheet = load_workbook(io.BytesIO(response.content)).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def _actors(events) -> str:
    return "|".join(events)


def observe(user, req: ServiceRequest, monkeypatch) -> dict[str, set[str]]:
    """What each surface shows of the requester to `user` (None: nobody signed in)."""
    client = Client()
    token = {}
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
        token = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user, name='t')[1]}"}
    # The PDF's HTML, as WeasyPrint would get it from the view.
    monkeypatch.setattr(
        receipts, "receipt_pdf", lambda r, **viewer: receipts.receipt_html(r, **viewer).encode()
    )
    slug = req.protocol_slug
    seen = {}

    page = client.get(req.get_absolute_url())
    seen["staff page"] = _found(_main(page))
    whos = [e.who for e in page.context["events"]] if page.status_code == 200 else []
    seen["staff timeline actor"] = _found(_actors(whos)) & {"name"}

    detail = client.get(f"/api/v1/requests/{slug}", **token)
    seen["api detail"] = _found(detail.content.decode())
    timeline = detail.json().get("timeline", []) if detail.status_code == 200 else []
    seen["api timeline actor"] = _found(_actors(e.get("actor", "") for e in timeline)) & {"name"}
    seen["api list"] = _found(client.get("/api/v1/requests", **token).content.decode())
    exported = client.get("/api/v1/requests/export.csv", **token)
    seen["csv export"] = _found(exported.content.decode("utf-8", "replace"))
    seen["xlsx export"] = _found(
        _xlsx_text(client.get(reverse("protocol:queue"), {"formato": "xlsx"}))
    )

    seen["receipt page"] = _found(_main(client.get(reverse("protocol:receipt", args=[slug]))))
    pdf = client.get(reverse("protocol:receipt_pdf", args=[slug]))
    seen["receipt pdf"] = _found(pdf.content.decode() if pdf.status_code == 200 else "")

    changelist = client.get(
        reverse("admin:protocol_servicerequest_changelist"), {"q": req.protocol}
    )
    seen["admin changelist"] = _found(_main(changelist)) if changelist.status_code == 200 else set()
    change = client.get(reverse("admin:protocol_servicerequest_change", args=[req.pk]))
    seen["admin change page"] = _found(_main(change)) if change.status_code == 200 else set()

    seen["open311"] = _found(
        client.get("/open311/v2/requests.json").content.decode()
        + client.get(f"/open311/v2/requests/{slug}.xml").content.decode()
    )
    return seen


def expected(kind: str, role: str) -> dict[str, set[str]]:
    allowed = role in ALLOWED[kind]
    result = {surface: set(shown) if allowed else set() for surface, shown in SHOWN.items()}
    for surface in ("admin changelist", "admin change page"):
        if role not in ADMIN_ACCESS:
            result[surface] = set()
    if allowed and role == "requester":
        # Her own copy of the receipt says where it was e-mailed.
        result["receipt page"] = {"name", "email"}
    return result


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_the_identity_appears_exactly_where_the_rule_allows(kind, role, people, monkeypatch):
    req = file_request(kind, people)

    assert observe(people[role], req, monkeypatch) == expected(kind, role)


# --- the rule itself, for the roles that never even open the request -------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", False),
        ("unit_coordinator", False),
        ("parent_coordinator", False),
        ("assigned_technician", False),
        ("unit_ombudsman", True),
        ("other_unit_ombudsman", False),
        ("other_state_ombudsman", False),
        ("requester", True),
    ],
)
def test_an_ombudsman_requester_is_known_to_the_ombudsman_of_its_unit_and_to_herself(
    role, sees, people
):
    req = file_request("ombudsman", people)

    assert can_see_requester(people[role], req) is sees


def test_an_ombudsman_of_the_unit_does_not_see_a_request_of_another_state(people, state_mt):
    req = file_request("ombudsman", people)
    # A request of MT held (wrongly) by an MS unit is no MS ombudsman's to know.
    ServiceRequest.objects.filter(pk=req.pk).update(state=state_mt)

    assert can_see_requester(people["unit_ombudsman"], ServiceRequest.objects.get(pk=req.pk)) is (
        False
    )


def test_the_queue_search_finds_a_protected_requester_only_for_who_may_see_her(people):
    req = file_request("lai", people)

    def search(role):
        client = Client()
        client.force_login(people[role], backend=MODEL_BACKEND)
        response = client.get(reverse("protocol:queue"), {"q": "Quintanilha"})
        return [r.protocol for r in response.context["requests"]]

    assert search("unit_ombudsman") == [req.protocol]
    assert search("parent_coordinator") == []
    assert search("admin") == []


def test_staff_e_mails_never_carry_the_identity(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for kind in KINDS:
            file_request(kind, people)

    to_staff = [mail for mail in mailoutbox if EMAIL not in mail.to]
    assert to_staff, "the coordinators and the technician were told"
    for mail in to_staff:
        assert _found(mail.subject + mail.body) == set(), (mail.to, mail.subject)


# --- (a) an anonymous manifestation keeps nothing of who filed it ------------------------------


def test_a_signed_in_users_anonymous_denuncia_stores_no_account_actor_uploader_town_or_org(
    people,
):
    requester = people["requester"]

    req = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-denuncia"),
        by=requester,
        description="Materiais do centro comunitário foram levados.",
        anonymous=True,
        organization=services.OrganizationData(name=ORGANIZATION, cnpj="45002502554683"),
        attachments=[SimpleUploadedFile("foto.pdf", PDF)],
    )

    req.refresh_from_db()
    assert (req.requester, req.requester_name, req.requester_email, req.requester_document) == (
        None,
        "",
        "",
        "",
    )
    assert (req.organization, req.organization_name, req.organization_cnpj) == (None, "", "")
    assert req.municipality is None
    assert list(req.events.values_list("kind", "actor")) == [
        (EventKind.SUBMITTED, None),
        (EventKind.ROUTED, None),
    ]
    assert list(req.attachments.values_list("uploaded_by", "from_requester")) == [(None, True)]


def test_the_signed_in_filers_later_reply_on_an_anonymous_denuncia_records_no_account(people):
    requester = people["requester"]
    req = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-denuncia"),
        by=requester,
        description="Materiais do centro comunitário foram levados.",
        anonymous=True,
    )

    services.requester_reply(
        req,
        text="Mais um detalhe.",
        attachments=[SimpleUploadedFile("foto.pdf", PDF)],
        by=requester,
        holds_code=True,
    )

    reply = req.events.get(kind=EventKind.REQUESTER_MESSAGE)
    assert (reply.actor, reply.attachments.get().uploaded_by) == (None, None)


def test_an_anonymous_denuncia_through_the_api_with_a_token_stores_no_account_or_actor(
    people, client
):
    token = create_api_token(people["requester"], name="app")[1]

    response = client.post(
        "/api/v1/requests",
        {
            "service": "ouvidoria-denuncia",
            "description": "Materiais do centro comunitário foram levados.",
            "anonymous": True,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 201
    req = ServiceRequest.objects.get()
    assert (req.requester, req.municipality, req.organization) == (None, None, None)
    assert req.events.get(kind=EventKind.SUBMITTED).actor is None


def test_an_anonymous_denuncia_keeps_the_town_its_filer_chose(people, campo_grande):
    req = services.submit_request(
        service=Service.objects.get(slug="ouvidoria-denuncia"),
        by=people["requester"],
        description="Materiais do centro comunitário foram levados.",
        anonymous=True,
        municipality=campo_grande,
    )

    assert req.municipality == campo_grande


def test_the_denuncia_form_does_not_preselect_the_filers_town(people):
    client = Client()
    client.force_login(people["requester"], backend=MODEL_BACKEND)

    form = client.get(reverse("protocol:submit", args=["ouvidoria-denuncia"])).context["form"]

    assert form.fields["municipality"].initial is None


def test_an_actor_left_on_an_old_anonymous_submission_is_shown_to_nobody(people, monkeypatch):
    req = file_request("anonymous_ombudsman", people)
    # What earlier versions stored: the filer's account as the actor of "submitted".
    TimelineEvent.objects.filter(request=req, kind=EventKind.SUBMITTED).update(
        actor=people["requester"]
    )

    for role in ("admin", "unit_ombudsman", "parent_coordinator", "unit_coordinator"):
        seen = observe(people[role], req, monkeypatch)
        assert seen["staff timeline actor"] == seen["api timeline actor"] == set(), role
        assert seen["admin change page"] == set(), role


def test_an_ombudsman_complaint_by_a_representative_is_not_linked_to_her_organization(people):
    req = file_request("ombudsman", people)

    assert (req.organization, req.municipality) == (None, None)
    colleague = Client()
    colleague.force_login(people["organization_colleague"], backend=MODEL_BACKEND)
    assert colleague.get(req.get_absolute_url()).status_code == 404


# --- (b) the staff receipt: the access code and the e-mail are the requester's alone -----------


@pytest.mark.parametrize("role", ["organization_colleague", "municipal_colleague", "admin"])
def test_a_colleague_gets_a_receipt_without_the_access_code_or_the_e_mail(role, people):
    req = file_request("oficio", people)
    client = Client()
    client.force_login(people[role], backend=MODEL_BACKEND)

    page = client.get(reverse("protocol:receipt", args=[req.protocol_slug]))
    html = _main(page)

    assert page.status_code == 200
    assert req.protocol in html
    assert req.access_code not in page.content.decode()
    assert EMAIL not in html
    assert "Cópia do recibo sem o código de acesso: só quem fez o pedido o recebe." in html
    assert page.context["for_requester"] is False


def test_the_admin_change_page_does_not_show_the_access_code(people):
    req = file_request("oficio", people)
    client = Client()
    client.force_login(people["admin"], backend=MODEL_BACKEND)

    page = client.get(reverse("admin:protocol_servicerequest_change", args=[req.pk]))

    assert page.status_code == 200
    assert NAME in page.content.decode()
    assert req.access_code not in page.content.decode()


def test_the_requesters_account_gets_the_code_and_her_e_mail_on_the_receipt(people):
    req = file_request("oficio", people)
    client = Client()
    client.force_login(people["requester"], backend=MODEL_BACKEND)

    html = client.get(reverse("protocol:receipt", args=[req.protocol_slug])).content.decode()

    assert req.access_code in html
    assert f"Enviamos este recibo para {EMAIL}." in html


def test_the_session_that_filed_an_anonymous_denuncia_gets_the_code(people):
    client = Client()
    client.force_login(people["requester"], backend=MODEL_BACKEND)

    response = client.post(
        reverse("protocol:submit", args=["ouvidoria-denuncia"]),
        {
            "anonymous": "on",
            "subject": "Desvio",
            "description": "Materiais do centro comunitário foram levados.",
        },
    )
    req = ServiceRequest.objects.get()
    receipt = client.get(response["Location"])

    assert response.status_code == 302
    assert receipt.context["for_requester"] is True
    assert req.access_code in receipt.content.decode()


def test_the_pdf_of_a_colleague_has_no_access_code(people):
    req = file_request("oficio", people)

    html = receipts.receipt_html(req, for_requester=False, show_requester=True)

    assert req.access_code not in html
    assert NAME in html
    assert "Cópia do recibo sem o código de acesso" in html


# --- (d) a typed CNPJ links to nothing unless the filer represents that organization ------------


def test_a_stranger_typing_an_organizations_cnpj_gets_the_request_kept_as_text(
    people, association, client, settings
):
    settings.APOIA_SUBMISSION_RATE = 0
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")

    response = client.post(
        reverse("protocol:submit", args=[service.slug]),
        {
            "option": service.options.get(slug="formacao-capacitacao").pk,
            "name": "Estranho Desconhecido",
            "email": "estranho@exemplo.org",
            "document": "714.287.938-60",
            "organization_name": "Nome que o estranho digitou",
            "organization_cnpj": "45.002.502/5546-83",
            "municipality": 5002704,
            "description": "Pedimos uma formação para a diretoria da associação.",
        },
    )

    assert response.status_code == 302
    req = ServiceRequest.objects.get()
    assert (req.organization, req.organization_name, req.organization_cnpj) == (
        None,
        "Nome que o estranho digitou",
        "45002502554683",
    )
    assert list(Organization.objects.values_list("name", flat=True)) == [ORGANIZATION]
    representative = Client()
    representative.force_login(people["organization_colleague"], backend=MODEL_BACKEND)
    assert representative.get(req.get_absolute_url()).status_code == 404


def test_a_typed_organization_needs_no_municipality_and_creates_nothing(people):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")

    req = services.submit_request(
        service=service,
        option=service.options.first(),
        requester=services.RequesterData(
            name="Estranho Desconhecido", email="estranho@exemplo.org", document="71428793860"
        ),
        organization=services.OrganizationData(name="Coletivo Novo", cnpj=""),
        description="Pedimos uma formação para a diretoria do coletivo.",
    )

    assert (req.organization, req.organization_name, req.municipality) == (
        None,
        "Coletivo Novo",
        None,
    )
    assert Organization.objects.count() == 1


def test_a_representative_typing_her_own_cnpj_links_the_request(people, association):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")

    req = services.submit_request(
        service=service,
        option=service.options.first(),
        by=people["organization_colleague"],
        organization=services.OrganizationData(name="Recanto", cnpj="45.002.502/5546-83"),
        description="Pedimos uma formação para a diretoria da associação.",
    )

    assert (req.organization, req.organization_name, req.organization_cnpj) == (
        association,
        "",
        "",
    )


def test_a_representative_typing_another_cnpj_keeps_it_as_text(people):
    other = OrganizationFactory(name="Cooperativa Alheia", cnpj="11222333000181")
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")

    req = services.submit_request(
        service=service,
        option=service.options.first(),
        by=people["organization_colleague"],
        organization=services.OrganizationData(name="Cooperativa Alheia", cnpj=other.cnpj),
        description="Pedimos uma formação para a diretoria da cooperativa.",
    )

    assert (req.organization, req.organization_name) == (None, "Cooperativa Alheia")


def test_the_staff_page_the_api_and_the_exports_show_the_typed_organization(people):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    req = services.submit_request(
        service=service,
        option=service.options.first(),
        requester=services.RequesterData(
            name="Estranho Desconhecido", email="estranho@exemplo.org", document="71428793860"
        ),
        organization=services.OrganizationData(name="Coletivo Novo", cnpj="11.222.333/0001-81"),
        description="Pedimos uma formação para a diretoria do coletivo.",
    )
    coordinator = people["unit_coordinator"]
    client = Client()
    client.force_login(coordinator, backend=MODEL_BACKEND)
    token = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(coordinator, name='t')[1]}"}

    page = client.get(req.get_absolute_url()).content.decode()
    detail = client.get(f"/api/v1/requests/{req.protocol_slug}", **token).json()
    exported = client.get("/api/v1/requests/export.csv", **token).content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(exported[1:]), delimiter=";"))

    assert (
        '<dd class="col-sm-8 ml-0" data-organization="typed">'
        "Coletivo Novo (CNPJ 11.222.333/0001-81)" in page
    )
    assert detail["organization"] == {"name": "Coletivo Novo", "cnpj": "11222333000181"}
    assert (rows[0]["Organização"], rows[0]["CNPJ da organização"]) == (
        "Coletivo Novo",
        "11222333000181",
    )


# --- (e) Open311 publishes no staff free text -------------------------------------------------


def test_open311_status_notes_never_publish_the_staffs_free_text(people, client):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    portal = services.submit_request(
        service=service,
        option=service.options.first(),
        requester=services.RequesterData(name=NAME, email=EMAIL, document=CPF),
        description="Pedimos uma formação para a diretoria da associação.",
    )
    secret = f"Falamos com {NAME}, CPF {CPF}, {EMAIL}."
    services.reroute(
        portal, unit=OrgUnit.objects.get(slug="ms-segem"), reason=secret, by=people["admin"]
    )
    notes = [open311.status_note(ServiceRequest.objects.get(pk=portal.pk))]
    services.decide(portal, accepted=True, justification=secret, by=people["admin"])
    notes.append(open311.status_note(ServiceRequest.objects.get(pk=portal.pk)))
    services.conclude(portal, outcome=secret, by=people["admin"])

    (body,) = client.get(f"/open311/v2/requests/{portal.protocol_slug}.json").json()

    assert notes == [
        "Encaminhado à Secretaria-Executiva de Gestão Estratégica e Municipalismo.",
        "Aceito, aguardando técnico.",
    ]
    assert body["status_notes"] == "Concluído."
    assert _found(client.get("/open311/v2/requests.xml").content.decode()) == set()


def test_open311_filed_requests_get_generated_notes_too(people, client):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    filed = services.submit_request(
        service=service,
        option=service.options.first(),
        requester=services.RequesterData(name=NAME, email=EMAIL, document=CPF),
        description="Buraco na calçada da associação.",
        channel="open311",
    )
    services.decide(
        filed,
        accepted=False,
        reason="out_of_scope",
        justification=f"Ligamos para {NAME}; procure a prefeitura.",
        by=people["admin"],
    )

    (body,) = client.get(f"/open311/v2/requests/{filed.protocol_slug}.json").json()

    assert body["status_notes"] == "Recusado: Fora da competência da unidade."


# --- item 10: the write transaction covers only the numbering and the inserts ------------------


@pytest.fixture
def seeds_outside_a_transaction(transactional_db):
    from apoia.accounts.reference import load_org_units
    from apoia.catalog.reference import load_catalog
    from apoia.territory.reference import load_territory

    load_territory({"MS", "MT"})
    load_org_units()
    load_catalog()


def test_validation_sniffing_and_the_calendar_run_before_the_write_transaction(
    seeds_outside_a_transaction, monkeypatch
):
    inside: dict[str, list[bool]] = {}

    def spy(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            inside.setdefault(name, []).append(connection.in_atomic_block)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for name in ("validate_submission", "compute_deadline", "route", "allocate_sequence"):
        spy(submission, name)
    spy(timeline, "inspect_upload")
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")

    services.submit_request(
        service=service,
        option=service.options.first(),
        requester=services.RequesterData(name=NAME, email=EMAIL, document=CPF),
        description="Pedimos uma formação para a diretoria da associação.",
        attachments=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
    )

    assert inside == {
        "validate_submission": [False],
        "inspect_upload": [False, False],  # once per file, never again under the lock
        "route": [False],
        "compute_deadline": [False],
        "allocate_sequence": [True],
    }


def test_a_failure_while_inserting_saves_nothing_not_even_the_files(
    seeds_outside_a_transaction, monkeypatch, tmp_path
):
    service = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    real_event = submission._event

    def routing_fails(req, kind, **kwargs):
        if kind == EventKind.ROUTED:  # after the request, its event and its file are written
            raise RuntimeError("disco cheio")
        return real_event(req, kind, **kwargs)

    monkeypatch.setattr(submission, "_event", routing_fails)
    with pytest.raises(RuntimeError):
        services.submit_request(
            service=service,
            option=service.options.first(),
            requester=services.RequesterData(name=NAME, email=EMAIL, document=CPF),
            description="Pedimos uma formação para a diretoria da associação.",
            attachments=[SimpleUploadedFile("a.pdf", PDF)],
        )

    assert (
        ServiceRequest.objects.count(),
        TimelineEvent.objects.count(),
        Attachment.objects.count(),
        ProtocolSequence.objects.count(),
    ) == (0, 0, 0, 0)
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
