"""The browser sweep: every main page, as every demo role, on a phone and on a desktop.

For each role the sweep signs in once and visits the pages that role may open, at 390×844 and
1366×900, and checks on each that nothing scrolls sideways, that no visible text is under
14 px, that axe-core finds no serious or critical WCAG 2.1 A/AA violation, and that the browser
logged no error. A visit that finds a problem saves a full-page screenshot under
`var/screenshots/<role>/<page>-<width>.png`; with `APOIA_SCREENSHOTS=<folder>` set, every visit
does, there, for a reviewer to look through (full-page screenshots are a third of the sweep's
time, so a plain `make test` takes only the ones someone needs).

Public pages read the same for everyone except the header and the menu, which every page of a
role shares: the anonymous visitor sweeps them at both sizes, a signed-in role at the phone's
(the size where a longer menu breaks first); the pages that change with the reader are swept
at both sizes by every role.

The pages are data: `PAGES` says how to reach each one, `ROLES` which ones each role opens. An
app that adds a page adds a line to each.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from apoia.tests.browser import BrowserErrors, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_site")]

REPO = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SIZES = ((390, 844), (1366, 900))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
SERVICE = "orientacao-associacoes-comunitarias"
CAMPO_GRANDE = 5002704
PROGRAM = "ms-ativo-municipalismo"


def screenshots_dir() -> Path:
    return Path(os.environ.get("APOIA_SCREENSHOTS") or REPO / "var" / "screenshots")


def every_screenshot() -> bool:
    return bool(os.environ.get("APOIA_SCREENSHOTS"))


# --- the pages ---------------------------------------------------------------------------------


def _url(name: str, *args) -> Callable[[object], str | None]:
    """A named URL; None (the page is skipped) while the app does not define it yet."""

    def path(user) -> str | None:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None

    return path


def _first_indicator(user) -> str:
    from apoia.indicators.models import Indicator

    return reverse("indicators:detail", args=[Indicator.objects.order_by("code").first().code])


def _requests_of(user) -> str:
    """The requester's own list: "Meus pedidos" where it exists, the queue before it did."""
    try:
        return reverse("protocol:mine")
    except NoReverseMatch:
        return reverse("protocol:queue")


def _request_page(user) -> str | None:
    """The page of the oldest request the user may open."""
    from apoia.protocol.queries import visible_to

    req = visible_to(user).order_by("received_at").first()
    return req.get_absolute_url() if req else None


def _tracked_request(user) -> str:
    """A request opened by its number and access code, as a requester without an account."""
    from apoia.protocol.models import ServiceRequest

    req = ServiceRequest.objects.filter(service__slug=SERVICE).order_by("received_at").first()
    return f"{reverse('protocol:track_detail', args=[req.protocol_slug])}?codigo={req.access_code}"


def _first_challenge(user) -> str | None:
    from apoia.programs.models import Challenge

    challenge = Challenge.objects.filter(phase__program__slug=PROGRAM).order_by("pk").first()
    return reverse("programs:challenge", args=[PROGRAM, challenge.slug]) if challenge else None


def _campo_grande_adhesion(user):
    """Campo Grande's adhesion to MS Ativo, as the user may see it (its focal point, staff)."""
    from apoia.programs.queries import adhesions_visible_to

    return (
        adhesions_visible_to(user)
        .filter(program__slug=PROGRAM, municipality_id=CAMPO_GRANDE)
        .order_by("-since")
        .first()
    )


def _adhesion_page(user) -> str | None:
    adhesion = _campo_grande_adhesion(user)
    return reverse("programs:adhesion", args=[adhesion.pk]) if adhesion else None


def _plan_builder(user) -> str | None:
    adhesion = _campo_grande_adhesion(user)
    return reverse("programs:plan_edit", args=[adhesion.pk]) if adhesion else None


def _plan_page(user) -> str | None:
    from apoia.programs.queries_plans import plans_visible_to

    plan = (
        plans_visible_to(user)
        .filter(adhesion__program__slug=PROGRAM, adhesion__municipality_id=CAMPO_GRANDE)
        .first()
    )
    return reverse("programs:plan", args=[plan.pk]) if plan else None


def _delivery_page(user) -> str | None:
    """A delivery of Campo Grande's plan that has evidence: the page shows every part."""
    from apoia.programs.queries_deliveries import deliveries_visible_to

    delivery = (
        deliveries_visible_to(user)
        .filter(item__plan__adhesion__municipality_id=CAMPO_GRANDE, evidence__isnull=False)
        .order_by("pk")
        .first()
    )
    return reverse("programs:delivery", args=[delivery.pk]) if delivery else None


def _meeting_page(user) -> str | None:
    from apoia.programs.queries_meetings import meetings_visible_to

    meeting = meetings_visible_to(user).order_by("starts_at").first()
    return reverse("programs:meeting", args=[meeting.pk]) if meeting else None


def _transparency_of_campo_grande(user) -> str:
    return reverse("programs:transparency_municipality", args=[PROGRAM, CAMPO_GRANDE])


def _agenda_event(user) -> str | None:
    """The first upcoming public event that takes registrations, as its page shows them."""
    from django.utils import timezone

    from apoia.agenda import queries

    now = timezone.now()
    events = queries.public_events().filter(start__gt=now).order_by("start")
    event = next((e for e in events if queries.registration_open(e, now)), None)
    return reverse("agenda:event", args=[event.pk]) if event else None


def _agenda_first(model_name: str, name: str, field: str = "pk", **filters):
    def path(user) -> str | None:
        from django.apps import apps

        row = apps.get_model("agenda", model_name).objects.filter(**filters).order_by("pk").first()
        return reverse(f"agenda:{name}", args=[getattr(row, field)]) if row else None

    return path


def _agenda_month(user) -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return reverse("agenda:month", args=[today.year, today.month])


def _current_support_plan_execution(user) -> str | None:
    plan = _current_support_plan(user)
    return f"{plan}execucao/" if plan else None


def _own_registration(user) -> str | None:
    from apoia.agenda.models import Registration

    row = Registration.objects.filter(email__iexact=user.email).order_by("pk").first()
    return reverse("agenda:registration", args=[row.code]) if row else None


def _checkin_page(user) -> str | None:
    from apoia.agenda import queries
    from apoia.agenda.models import RegistrationStatus

    event = (
        queries.managed_events(user)
        .filter(registrations__status=RegistrationStatus.REGISTERED)
        .order_by("start")
        .first()
    )
    return reverse("agenda:checkin", args=[event.pk]) if event else None


def _free_slot_booking(user) -> str | None:
    from django.utils import timezone

    from apoia.agenda.models import Slot

    slot = (
        Slot.objects.filter(appointments__isnull=True, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    return reverse("agenda:appointment_book", args=[slot.pk]) if slot else None


def _current_support_plan(user) -> str | None:
    from apoia.agenda.models import SupportPlan

    plan = SupportPlan.objects.filter(state__uf="MT").order_by("-year").first()
    try:
        return reverse("agenda:plan", args=[plan.state.uf.lower(), plan.year]) if plan else None
    except NoReverseMatch:
        return None


def _first(app: str, model_name: str, name: str, args=lambda row: [row.pk]):
    def path(user) -> str | None:
        from django.apps import apps

        row = apps.get_model(app, model_name).objects.order_by("pk").first()
        return reverse(name, args=args(row)) if row else None

    return path


def _first_checklist(user) -> str | None:
    from apoia.society.queries_regularization import visible_checklists

    row = visible_checklists(user).order_by("pk").first()
    return reverse("society:checklist", args=[row.organization_id]) if row else None


@dataclass(frozen=True)
class Page:
    path: Callable[[object], str | None]
    status: int = 200


PAGES: dict[str, Page] = {
    "inicio": Page(_url("home")),
    "servicos": Page(_url("catalog:list")),
    "servico": Page(_url("catalog:detail", SERVICE)),
    "solicitar": Page(_url("protocol:submit", SERVICE)),
    "acompanhar": Page(_url("protocol:track")),
    "pedido-acompanhado": Page(_tracked_request),
    "meus-pedidos": Page(_requests_of),
    "fila": Page(_url("protocol:queue")),
    "painel": Page(_url("protocol:dashboard")),
    "pedido": Page(_request_page),
    "indicadores": Page(_url("indicators:list")),
    "indicador": Page(_first_indicator),
    "ranking": Page(_url("indicators:ranking")),
    "mapa": Page(_url("indicators:map")),
    "municipio": Page(_url("indicators:profile", CAMPO_GRANDE)),
    "importacoes": Page(_url("indicators:imports")),
    "calendario": Page(_url("territory:calendar")),
    "perfil": Page(_url("accounts:profile")),
    "dois-fatores": Page(_url("accounts:two_factor")),
    "alterar-senha": Page(_url("accounts:password_change")),
    "entrar": Page(_url("accounts:login")),
    "esqueci-senha": Page(_url("accounts:password_reset")),
    "senha-enviada": Page(_url("accounts:password_reset_done")),
    "nao-encontrada": Page(lambda user: "/pagina-que-nao-existe/", status=404),
    "programas": Page(_url("programs:list")),
    "programa": Page(_url("programs:detail", PROGRAM)),
    "desafios": Page(_url("programs:challenges", PROGRAM)),
    "desafio": Page(_first_challenge),
    "cardapio": Page(_url("programs:menu", PROGRAM)),
    "gestao-programas": Page(_url("programs:staff_programs")),
    "gestao-programa": Page(_url("programs:staff_program", PROGRAM)),
    "adesoes": Page(_url("programs:staff_adhesions", PROGRAM)),
    "adesao": Page(_adhesion_page),
    "fila-planos": Page(_url("programs:plan_queue", PROGRAM)),
    "plano": Page(_plan_page),
    "montar-plano": Page(_plan_builder),
    "entregas": Page(_url("programs:delivery_queue")),
    "entrega": Page(_delivery_page),
    "monitoramento": Page(_url("programs:monitoring", PROGRAM)),
    "relatorio": Page(_url("programs:report", PROGRAM)),
    "reunioes": Page(_url("programs:meetings", PROGRAM)),
    "reunioes-municipio": Page(_url("programs:my_meetings")),
    "reuniao": Page(_meeting_page),
    "tarefas": Page(_url("followup:tasks")),
    "projetos": Page(_url("programs:projects")),
    "projeto": Page(_url("programs:project", "conectividade-nas-escolas")),
    "transparencia": Page(_url("programs:transparency", PROGRAM)),
    "transparencia-municipio": Page(_transparency_of_campo_grande),
    "agenda": Page(_url("agenda:index")),
    "agenda-mes": Page(_agenda_month),
    "evento": Page(_agenda_event),
    "serie": Page(_agenda_first("Series", "series")),
    "escuta": Page(_agenda_first("Consultation", "consultation")),
    "certificado": Page(
        _agenda_first("Certificate", "verify_certificate", "code", revoked_at__isnull=True)
    ),
    "horarios": Page(_url("agenda:slots")),
    "planos-apoio": Page(_url("agenda:plans")),
    "plano-apoio": Page(_current_support_plan),
    "execucao-plano": Page(_current_support_plan_execution),
    "novo-plano": Page(_url("agenda:plan_create")),
    "minhas-inscricoes": Page(_url("agenda:my_registrations")),
    "inscricao": Page(_own_registration),
    "agendar": Page(_free_slot_booking),
    "atendimento": Page(_agenda_first("Appointment", "appointment")),
    "minha-agenda": Page(_url("agenda:my_calendar")),
    "gestao-agenda": Page(_url("agenda:staff_home")),
    "novo-evento": Page(_url("agenda:events_create")),
    "nova-serie": Page(_url("agenda:events_series_create")),
    "presencas": Page(_checkin_page),
    "horarios-unidade": Page(_url("agenda:staff_slots")),
    "visitas": Page(_url("agenda:visit_plans")),
    "proposta-visitas": Page(_agenda_first("VisitPlan", "visit_plan")),
    "relatorio-visita": Page(_agenda_first("VisitReport", "visit_report", "event_id")),
    "alcance": Page(_url("agenda:reach")),
    "municipio-cuiaba": Page(_url("indicators:profile", 5103403)),
    "validacao": Page(_url("agenda:validation_queue")),
    "organizacoes": Page(_url("society:registry")),
    "organizacao": Page(_first("accounts", "Organization", "society:organization")),
    "parcerias": Page(_url("society:partnerships")),
    "parceria": Page(_first("society", "Partnership", "society:partnership")),
    "conselhos": Page(_url("society:councils")),
    "conselho": Page(_first("society", "Council", "society:council")),
    "reuniao-conselho": Page(
        _first(
            "society",
            "CouncilMeeting",
            "society:council_meeting",
            lambda row: [row.council_id, row.pk],
        )
    ),
    "proposicoes": Page(_url("legislative:bills")),
    "proposicao": Page(_first("legislative", "Bill", "legislative:bill")),
    "painel-legislativo": Page(_url("legislative:dashboard")),
    "demandas": Page(_url("legislative:demands")),
    "nova-demanda": Page(_url("legislative:demand_new")),
    "regularizacao": Page(_url("society:checklists")),
    "checklist": Page(_first_checklist),
    "gestao-parcerias": Page(_url("society:partnerships_manage")),
    "importar-organizacoes": Page(_url("society:registry_import")),
    "alteracoes-cadastro": Page(_url("society:registry_changes")),
}

# Pages anyone may open. Their content does not depend on who reads them, but the header and
# the menu do: every role sweeps them (the issue asks for every main page of every role).
PUBLIC = (
    "servicos",
    "acompanhar",
    "indicadores",
    "indicador",
    "ranking",
    "mapa",
    "municipio",
    "nao-encontrada",
    "programas",
    "desafios",
    "desafio",
    "cardapio",
    "transparencia",
    "transparencia-municipio",
)
# The agenda's public pages: swept by the visitor at both sizes, and by the MT roles (whose
# menus carry the agenda) at the phone's; the other roles' menus are swept on the pages above.
AGENDA_PUBLIC = (
    "agenda",
    "agenda-mes",
    "serie",
    "escuta",
    "certificado",
    "horarios",
    "planos-apoio",
    "plano-apoio",
    "execucao-plano",
)
# Public pages that change with the reader: the home page's cards, the service's call to
# action, the request form (identity filled in from the account).
PERSONAL = ("inicio", "servico", "solicitar", "programa", "evento")
PUBLIC_EVERYWHERE = (*PUBLIC, *AGENDA_PUBLIC)
ACCOUNT = ("perfil", "dois-fatores", "alterar-senha")
STAFF = (*PERSONAL, *PUBLIC, "fila", "painel", "pedido", "tarefas", *ACCOUNT)
REQUESTER = (*PERSONAL, *PUBLIC, "meus-pedidos", "pedido", *ACCOUNT)

# The managing unit's pages of MS Ativo (the demo's unit staff work in another unit).
PROGRAM_STAFF = (
    "gestao-programas",
    "gestao-programa",
    "adesoes",
    "adesao",
    "fila-planos",
    "plano",
    "entregas",
    "entrega",
    "monitoramento",
    "relatorio",
    "projetos",
    "projeto",
    "reunioes",
    "reuniao",
)
# A focal point's own adhesion and plan (municipio@apoia.demo: Campo Grande, adhered).
FOCAL_POINT = (
    "adesao",
    "plano",
    "montar-plano",
    "entrega",
    "reunioes-municipio",
    "reuniao",
    "tarefas",
)

# The agenda of Mato Grosso's staff (tecnico-mt@apoia.demo, mt-cpsb) and of Cuiabá.
AGENDA_STAFF = (
    "gestao-agenda",
    "novo-plano",
    "novo-evento",
    "nova-serie",
    "presencas",
    "horarios-unidade",
    "visitas",
    "proposta-visitas",
    "relatorio-visita",
    "alcance",
    "minha-agenda",
    "municipio-cuiaba",
)
AGENDA_FOCAL_POINT = (
    "minhas-inscricoes",
    "inscricao",
    "horarios",
    "agendar",
    "atendimento",
    "minha-agenda",
    "municipio-cuiaba",
)

# Civil society and the legislative desk (issue 12): the public pages for the visitor, the
# state's staff pages for the coordinator, the desk's for its login.
SOCIETY_PUBLIC = (
    "organizacoes",
    "organizacao",
    "parcerias",
    "parceria",
    "conselhos",
    "conselho",
    "reuniao-conselho",
    "proposicoes",
    "proposicao",
)
SOCIETY_STAFF = (
    "regularizacao",
    "checklist",
    "gestao-parcerias",
    "importar-organizacoes",
    "alteracoes-cadastro",
)
LEGISLATIVE_DESK = ("proposicao", "painel-legislativo", "demandas", "nova-demanda")

# role (the screenshots' folder) -> (demo login, or None for anonymous; the pages it opens)
ROLES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "anonimo": (
        None,
        (
            *PERSONAL,
            *PUBLIC,
            *AGENDA_PUBLIC,
            "pedido-acompanhado",
            "entrar",
            "esqueci-senha",
            "senha-enviada",
            *SOCIETY_PUBLIC,
        ),
    ),
    "admin": (
        "admin@apoia.demo",
        (*STAFF, "importacoes", "calendario", *PROGRAM_STAFF, "gestao-agenda", "validacao"),
    ),
    "coordenador": ("coordenador@apoia.demo", (*STAFF, *SOCIETY_STAFF)),
    "tecnico": ("tecnico@apoia.demo", STAFF),
    "ouvidor": ("ouvidor@apoia.demo", STAFF),
    "municipio": ("municipio@apoia.demo", (*REQUESTER, *FOCAL_POINT)),
    "osc": ("osc@apoia.demo", (*REQUESTER, "checklist")),
    "legislativo": ("legislativo@apoia.demo", ("inicio", *LEGISLATIVE_DESK)),
    # Helper A's citizen with an account and no role, once the demo has one.
    "cidadao": ("cidadao@apoia.demo", REQUESTER),
    # Mato Grosso's agenda (issue 11): the menu of each role, and the pages only they open.
    "tecnico-mt": ("tecnico-mt@apoia.demo", (*PERSONAL, *AGENDA_PUBLIC, *AGENDA_STAFF)),
    "neep": ("neep@apoia.demo", ("inicio", "evento", "validacao", "minha-agenda")),
    "municipio-mt": (
        "municipio-mt@apoia.demo",
        (*PERSONAL, *AGENDA_PUBLIC, *AGENDA_FOCAL_POINT),
    ),
}


# --- the checks --------------------------------------------------------------------------------

# The elements sticking out on the right, innermost first: what to fix when a page is too wide.
WIDEST = """() => {
  const limit = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > limit + 0.5 && box.width > 0 && !el.closest("[hidden], .sr-only")) {
      const inner = [...el.children].some((c) => c.getBoundingClientRect().right > limit + 0.5);
      if (!inner) {
        const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
        const name = [el.tagName.toLowerCase(), ...classes.filter(Boolean)].join(".");
        out.push(`${name}${el.id ? "#" + el.id : ""} (${Math.round(box.right)} px)`);
      }
    }
  }
  return out.slice(0, 5);
}"""

# Visible text under 14 px, the DS body size (the floor apoia.css sets): its elements and sizes.
# Not inside SVG charts, whose font sizes are in viewBox units (the indicator pages' own browser
# test measures their labels as drawn).
SMALL_TEXT = """() => {
  const found = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest(".sr-only, [hidden], svg")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const name = [el.tagName.toLowerCase(), ...el.classList].join(".");
    if (size < 13.95) found.add(`${name} ${size}px`);
  }
  return [...found].slice(0, 5);
}"""

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    count: v.nodes.length,
  }));
}"""


class Visit:
    """One role's tab: its errors since the last check, and the checks run on each page."""

    def __init__(self, page, base_url: str, role: str):
        self.page = page
        self.base_url = base_url
        self.folder = screenshots_dir() / role
        self.folder.mkdir(parents=True, exist_ok=True)
        # Run by DevTools before each document's own scripts, which the page's
        # Content-Security-Policy does not govern (a <script> tag would break script-src 'self').
        page.add_init_script(path=AXE)
        self.errors = BrowserErrors(page)

    def check(self, name: str, path: str, status: int, width: int, height: int) -> list[str]:
        page = self.page
        problems: list[str] = []
        page.set_viewport_size({"width": width, "height": height})
        self.errors.found.clear()
        response = page.goto(self.base_url + path)
        if response is None or response.status != status:
            got = response.status if response else "nothing"
            problems.append(f"answered {got} (expected {status}) at {page.url}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("window.innerWidth")
        if scroll_width > inner_width:
            widest = ", ".join(page.evaluate(WIDEST))
            problems.append(f"scrolls sideways: {scroll_width} px wide in {inner_width} ({widest})")
        if small := page.evaluate(SMALL_TEXT):
            problems.append(f"text under 14 px: {', '.join(small)}")
        for violation in page.evaluate(RUN_AXE, AXE_TAGS):
            if violation["impact"] in BLOCKING_IMPACTS:
                problems.append(
                    f"axe {violation['impact']} {violation['id']} ×{violation['count']}: "
                    f"{violation['help']} — {'; '.join(violation['targets'])}"
                )
        problems.extend(self.errors.found)
        if problems or every_screenshot():
            page.screenshot(path=self.folder / f"{name}-{width}.png", full_page=True)
        return [f"{name} @{width}px ({path}): {problem}" for problem in problems]


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_fits_a_phone_and_passes_axe_without_errors(
    browser, live_server, django_user_model, role
):
    email, names = ROLES[role]
    context = browser.new_context(locale="pt-BR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        user = None
        if email and not django_user_model.objects.filter(email=email).exists():
            pytest.skip(f"the demo has no {email} yet")
        if email:
            log_in(page, live_server.url, email)
            assert "/contas/entrar/" not in page.url, f"login failed for {email}"
            user = django_user_model.objects.get(email=email)
        visit = Visit(page, live_server.url, role)
        problems: list[str] = []
        for name in names:
            spec = PAGES[name]
            path = spec.path(user)
            if path is None:
                continue
            sizes = SIZES[:1] if email and name in PUBLIC_EVERYWHERE else SIZES
            for width, height in sizes:
                problems += visit.check(name, path, spec.status, width, height)
    finally:
        context.close()
    assert not problems, f"{len(problems)} problem(s) as {role}:\n" + "\n".join(problems)
