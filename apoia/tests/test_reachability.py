"""Everything reachable: every page of the URLconf a role may open is linked from the home page.

For each role, the test client crawls the site from "/" following links (and GET forms), and
separately opens one sample address of every page of the URLconf. Each page the role may open
(200, HTML) must have been reached by the crawl. A new page therefore needs a link from
somewhere a person goes; a new page with parameters needs a sample here, or the test says so.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from apoia.accounts.models import User
from apoia.tests.conftest import DEMO_PASSWORD

# The crawl reads pages only: it says the same on either engine, and takes minutes.
pytestmark = pytest.mark.site_wide

ROLES = [
    None,  # anonymous
    "admin@apoia.demo",
    "coordenador@apoia.demo",
    "tecnico@apoia.demo",
    "ouvidor@apoia.demo",
    "municipio@apoia.demo",
    "osc@apoia.demo",
    # Mato Grosso's agenda: its staff, its NEEP and a focal point.
    "tecnico-mt@apoia.demo",
    "neep@apoia.demo",
    "municipio-mt@apoia.demo",
    # The legislative desk (ms-segem-sal).
    "legislativo@apoia.demo",
]
# Surfaces that are not pages people browse to (or have their own index: the admin, the API).
OUTSIDE = ("admin/", "api/", "open311/", "i18n/")
# Pages people reach from outside the site, or only as the answer to a form they sent.
NOT_BY_LINKS = {
    "accounts:password_reset_confirm": "aberta pelo link do e-mail de redefinição",
    "accounts:password_reset_done": "resposta ao formulário de redefinição",
    "accounts:password_reset_complete": "resposta ao formulário de nova senha",
    "indicators:import_progress": "trecho que a página da importação atualiza sozinha (htmx)",
    "agenda:verify_certificate": "aberta pelo código QR ou pelo código impresso no certificado",
    # Linked from a hearing's or forum's page once it has started (test_participation checks
    # the button); the crawl opens only PER_PAGE event pages, rarely the one past hearing.
    "agenda:events_participation": "botão da página de uma audiência ou fórum já iniciado",
}
# Actions: they answer a form, never show a page on GET (checked below); the values only fill
# the address.
POST_ONLY = {
    "accounts:token_revoke": {"pk": 1},
    "territory:remove_day": {"pk": 1},
    "indicators:import_commit": {"pk": 1},
    "indicators:import_rollback": {"pk": 1},
    "indicators:import_abandon": {"pk": 1},
    "programs:withdraw": {"pk": 1},
    "programs:renew": {"pk": 1},
    "programs:challenge_adjust": {"slug": "x", "challenge": "x"},
    "programs:plan_submit": {"pk": 1},
    "programs:plan_decide": {"pk": 1},
    **{
        f"programs:{action}": {"pk": 1}
        for action in (
            "delivery_evidence_send",
            "delivery_submit",
            "delivery_review",
            "delivery_clarification",
            "meeting_attendance",
            "meeting_minutes",
            "meeting_decision",
            "meeting_hold",
            "meeting_cancel",
        )
    },
    "programs:delivery_clarification_answer": {"pk": 1, "clarification_pk": 1},
    "programs:project_approve": {"slug": "x"},
    **{
        f"agenda:{action}": {"pk": 1}
        for action in (
            "consultation_propose",
            "consultation_close",
            "consultation_vote",
            "consultation_pick",
            "events_send",
            "events_series_send",
            "events_approve",
            "appointment_cancel",
            "appointment_reschedule",
            "appointment_slot_withdraw",
            "visit_accept",
            "visit_drop",
            "visit_move",
            "checkin_code",
            "checkin_list",
            "checkin_attendance_code",
            "certificates_issue",
        )
    },
    "agenda:certificate_revoke": {"code": "X"},
    "agenda:registration_cancel": {"code": "X"},
    **{
        f"legislative:{action}": {"pk": 1}
        for action in (
            "bill_status",
            "bill_routing",
            "bill_consolidation",
            "opinion_answer",
            "opinion_cancel",
        )
    },
    "society:registry_import_commit": {"pk": 1},
    "society:checklist_open": {"pk": 1},
    "society:checklist_item": {"pk": 1, "slug": "x"},
    "followup:task_complete": {"pk": 1},
    "followup:task_cancel": {"pk": 1},
    **{
        f"protocol:{action}": {"protocol": "X"}
        for action in (
            "track_reply",
            "track_rate",
            "track_reopen",
            "track_appeal",
            "reroute",
            "decide",
            "assign",
            "contact",
            "message",
            "wait",
            "resume",
            "extend",
            "conclude",
        )
    },
}
# At most this many addresses of one page (pagination, filters, 79 profiles) are crawled.
PER_PAGE = 3


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_starttag(self, tag, attrs):
        if tag == "title" and not self.title:
            self._in_title = True
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.found.append(attrs.get("action") or "")


def _page_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _is_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def crawl(client, titles: dict | None = None) -> set[str]:
    """The names of the pages reached by following links from the home page (and, in
    `titles`, each page's <title>)."""
    reached: set[str] = set()
    visits: dict[str, int] = {}
    seen: set[str] = set()
    todo = ["/"]
    while todo:
        address = todo.pop()
        parts = urlsplit(address)
        name = _page_name(parts.path)
        if name is None or address in seen or visits.get(name, 0) >= PER_PAGE:
            continue
        seen.add(address)
        visits[name] = visits.get(name, 0) + 1
        response = client.get(address)
        if not _is_page(response):
            continue
        reached.add(name)
        parser = _Links()
        parser.feed(response.content.decode())
        if titles is not None:
            titles[name] = parser.title.strip()
        for href in parser.found:
            target = urlsplit(urljoin(address, href))
            if target.scheme or target.netloc or target.path.lstrip("/").startswith(OUTSIDE):
                continue
            todo.append(target.path + (f"?{target.query}" if target.query else ""))
    return reached


def _patterns(resolver=None, prefix="", namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.pattern


def _samples(user) -> dict[str, dict]:
    """One address per page with parameters, among the things `user` has (None: nothing)."""
    from apoia.catalog.models import Service
    from apoia.followup.queries import tasks_visible_to
    from apoia.indicators.models import ImportBatch, Indicator, Ranking
    from apoia.programs.models import Action, Challenge, Program
    from apoia.programs.queries import adhesions_visible_to
    from apoia.programs.queries_deliveries import deliveries_visible_to
    from apoia.programs.queries_meetings import meetings_visible_to
    from apoia.programs.queries_plans import plans_visible_to
    from apoia.protocol.queries import visible_to

    service = Service.objects.published().first()
    request = visible_to(user).first() if user else None
    protocol = {"protocol": request.protocol_slug} if request else None
    attachment = request.attachments.first() if request else None
    batch = ImportBatch.objects.first()
    ranking = Ranking.objects.first()
    state = {"uf": "MS"}
    program = Program.objects.filter(kind="cooperation").first()
    project = Program.objects.filter(kind="project").first()
    phase = program.phases.first()
    adhesion = adhesions_visible_to(user).first() if user else None
    plan = plans_visible_to(user).filter(adhesion__isnull=False).first() if user else None
    challenge = Challenge.objects.filter(phase__program=program).first()
    action = Action.objects.filter(phase__program=program).first()
    in_program = {"slug": program.slug}
    delivery = deliveries_visible_to(user).order_by("pk").first() if user else None
    evidence = delivery.evidence.filter(file__gt="").first() if delivery else None
    meeting = meetings_visible_to(user).order_by("pk").first() if user else None
    task = tasks_visible_to(user).order_by("pk").first() if user else None
    adhered = program.adhesions.filter(status="active").order_by("municipality_id").first()
    town = {**in_program, "ibge": adhered.municipality_id} if adhered else None
    return {
        **_agenda_samples(user),
        **_society_samples(user),
        **_legislative_samples(user),
        "programs:delivery": {"pk": delivery.pk} if delivery else None,
        "programs:delivery_evidence": (
            {"pk": delivery.pk, "evidence_pk": evidence.pk} if evidence else None
        ),
        "programs:monitoring": in_program,
        "programs:monitoring_progress": in_program,
        "programs:monitoring_table": {**in_program, "name": "aguardando"},
        "programs:transparency": in_program,
        "programs:transparency_progress": in_program,
        "programs:transparency_data": {**in_program, "fmt": "json"},
        "programs:transparency_municipality": town,
        "programs:transparency_municipality_data": {**town, "fmt": "csv"} if town else None,
        "programs:project": {"slug": project.slug} if project else None,
        "programs:report": in_program,
        "programs:report_file": {**in_program, "fmt": "xlsx"},
        "programs:meetings": in_program,
        "programs:meeting_new": in_program,
        "programs:meeting": {"pk": meeting.pk} if meeting else None,
        "followup:task": {"pk": task.pk} if task else None,
        "programs:detail": in_program,
        "programs:adhere": in_program,
        "programs:menu": in_program,
        "programs:challenges": in_program,
        "programs:staff_program": in_program,
        "programs:program_edit": in_program,
        "programs:staff_adhesions": in_program,
        "programs:menu_editor": in_program,
        "programs:action_new": in_program,
        "programs:staff_phase": {**in_program, "phase": phase.slug},
        "programs:challenge": {**in_program, "challenge": challenge.slug},
        "programs:challenge_recompute": {**in_program, "challenge": challenge.slug},
        "programs:challenge_new": in_program,
        "programs:challenge_edit": {**in_program, "pk": challenge.pk},
        "programs:action_edit": {**in_program, "pk": action.pk} if action else None,
        "programs:adhesion": {"pk": adhesion.pk} if adhesion else None,
        "programs:term_pdf": {"pk": adhesion.pk} if adhesion else None,
        "programs:suggestions": {"pk": adhesion.pk} if adhesion else None,
        "programs:plan_edit": {"pk": adhesion.pk} if adhesion else None,
        "programs:plan": {"pk": plan.pk} if plan else None,
        "programs:plan_queue": in_program,
        "programs:verify": {"code": adhesion.verification_code} if adhesion else None,
        "catalog:detail": {"slug": service.slug},
        "protocol:submit": {"service": service.slug},
        "protocol:detail": protocol,
        "protocol:receipt": protocol,
        "protocol:receipt_pdf": protocol,
        "protocol:track_detail": protocol,
        "protocol:attachment": (
            {**protocol, "pk": attachment.pk} if protocol and attachment else None
        ),
        "indicators:profile": {"ibge": 5002704},
        "indicators:detail": {"code": Indicator.objects.first().code},
        "indicators:values_csv": {"code": Indicator.objects.first().code},
        "indicators:values_xlsx": {"code": Indicator.objects.first().code},
        "indicators:import_detail": {"pk": batch.pk} if batch else None,
        "indicators:import_progress": {"pk": batch.pk} if batch else None,
        "indicators:saved_ranking": {"pk": ranking.pk} if ranking else None,
        "indicators:saved_ranking_csv": {"pk": ranking.pk} if ranking else None,
        "indicators:saved_ranking_xlsx": {"pk": ranking.pk} if ranking else None,
        "territory:add_day": state,
        "territory:adopt_day": state,
    }


def _society_samples(user) -> dict[str, dict]:
    from apoia.society import queries as society
    from apoia.society import queries_councils as councils
    from apoia.society import queries_regularization as regularization
    from apoia.society.models import (
        AccountabilityReport,
        ChangeStatus,
        Council,
        ImportBatch,
        OrganizationChange,
        Partnership,
    )

    public = society.public_organizations().order_by("pk").first()
    editable = society.editable_organizations(user).order_by("pk").first() if user else None
    change = (
        OrganizationChange.objects.filter(
            status=ChangeStatus.PENDING,
            organization__in=society.managed_organizations(user),
        ).first()
        if user and society.is_society_staff(user)
        else None
    )
    partnership = Partnership.objects.order_by("pk").first()
    report = AccountabilityReport.objects.order_by("pk").first()
    batch = ImportBatch.objects.order_by("pk").first()
    checklist = regularization.visible_checklists(user).order_by("pk").first() if user else None
    council = Council.objects.order_by("pk").first()
    meeting = council.meetings.order_by("pk").first() if council else None
    managed = councils.managed_councils(user).order_by("pk").first() if user else None
    managed_seat = managed.seats.order_by("pk").first() if managed else None
    managed_meeting = managed.meetings.order_by("pk").first() if managed else None
    in_managed = {"pk": managed.pk} if managed else None
    return {
        "society:checklist": {"pk": checklist.organization_id} if checklist else None,
        "society:council": {"pk": council.pk} if council else None,
        "society:council_meeting": (
            {"pk": council.pk, "meeting_pk": meeting.pk} if meeting else None
        ),
        "society:council_edit": in_managed,
        "society:council_seat_new": in_managed,
        "society:council_meeting_new": in_managed,
        "society:council_resolution_new": in_managed,
        "society:council_mandate_new": {"pk": managed_seat.pk} if managed_seat else None,
        "society:council_mandate_edit": (
            {"pk": managed_seat.mandates.order_by("pk").first().pk}
            if managed_seat and managed_seat.mandates.exists()
            else None
        ),
        "society:council_attendance": {"pk": managed_meeting.pk} if managed_meeting else None,
        "society:council_minutes": {"pk": managed_meeting.pk} if managed_meeting else None,
        **{
            f"society:partnership_{action}": {"pk": partnership.pk} if partnership else None
            for action in ("selection", "term", "amendment", "report", "closure", "cancellation")
        },
        **{
            f"society:partnership_{action}": {"pk": report.pk} if report else None
            for action in ("receipt", "opinion")
        },
        "society:registry_import_batch": {"pk": batch.pk} if batch else None,
        "society:organization": {"pk": public.pk},
        "society:organization_edit": {"pk": editable.pk} if editable else None,
        "society:registry_change": {"pk": change.pk} if change else None,
        "society:partnership": {"pk": partnership.pk} if partnership else None,
    }


def _legislative_samples(user) -> dict[str, dict]:
    from apoia.legislative import queries as legislative
    from apoia.legislative.models import Bill

    bill = Bill.objects.order_by("pk").first()
    desk_bill = (
        next((b for b in Bill.objects.order_by("pk") if legislative.is_desk_for(user, b)), None)
        if user
        else None
    )
    return {
        "legislative:bill": {"pk": bill.pk} if bill else None,
        "legislative:bill_edit": {"pk": desk_bill.pk} if desk_bill else None,
    }


def _agenda_samples(user) -> dict[str, dict]:
    import datetime as dt

    from django.db.models import Q
    from django.utils import timezone

    from apoia.agenda import queries
    from apoia.agenda.models import (
        Appointment,
        CalendarFeed,
        Consultation,
        EventStatus,
        Registration,
        Series,
        Slot,
        SupportPlan,
        VisitPlan,
        VisitReport,
    )

    today = timezone.localdate()
    event = queries.events_visible_to(user).order_by("start").first() if user else None
    event = event or queries.public_events().order_by("start").first()
    managed = queries.managed_events(user).order_by("start").first() if user else None
    waiting = (
        queries.events_visible_to(user).filter(status=EventStatus.IN_VALIDATION).first()
        if user
        else None
    )
    from apoia.agenda.services.participation import PARTICIPATION_TYPES

    hearing = (
        queries.managed_events(user)
        .filter(
            type__in=PARTICIPATION_TYPES, status=EventStatus.PUBLISHED, start__lte=timezone.now()
        )
        .first()
        if user
        else None
    )
    series = Series.objects.order_by("pk").first()
    consultation = Consultation.objects.order_by("pk").first()
    appointment = Appointment.objects.order_by("pk").first()
    free_slot = Slot.objects.filter(appointments__isnull=True).order_by("pk").first()
    visit_plan = VisitPlan.objects.order_by("pk").first()
    report = VisitReport.objects.order_by("pk").first()
    feed = CalendarFeed.objects.filter(user=user).first() if user else None
    # A registration's page is the person's own (from "Minhas inscrições"); anyone else reaches
    # it only with the code of the confirmation e-mail.
    mine = (
        Registration.objects.filter(Q(registered_by=user) | Q(email__iexact=user.email))
        .order_by("pk")
        .first()
        if user
        else None
    )
    attended = (
        Registration.objects.filter(pk=mine.pk, checked_in_at__isnull=False).first()
        if mine
        else None
    )
    now = timezone.now()
    staff_states = queries.staff_state_ids(user) if user else set()
    focal = queries.focal_point_municipalities(user) if user else []

    def may_register(event) -> bool:
        if staff_states is None or event.state_id in (staff_states or set()):
            return True
        return any(queries.in_audience(event, m) for m in focal)

    open_event = next(
        (
            e
            for e in queries.public_events().order_by("start")
            if queries.registration_open(e, now) and may_register(e)
        ),
        None,
    )
    # The online attendance form is linked from the event page during the session only.
    in_session = (
        queries.public_events()
        .filter(start__lte=now + dt.timedelta(minutes=15), end__gte=now - dt.timedelta(minutes=30))
        .exclude(modality="in_person")
        .first()
    )
    episode = queries.managed_events(user).filter(series__isnull=False).first() if user else None
    plan = SupportPlan.objects.filter(state__uf="MT").order_by("-year").first()
    in_plan = {"uf": "mt", "year": plan.year}
    entry = plan.entries.order_by("order").first()
    return {
        "agenda:plan": in_plan,
        "agenda:plan_execution": in_plan,
        "agenda:plan_execution_pdf": in_plan,
        "agenda:plan_execution_xlsx": in_plan,
        "agenda:plan_edit": in_plan,
        "agenda:plan_entry_create": in_plan,
        "agenda:plan_entry_edit": {**in_plan, "pk": entry.pk},
        "agenda:plan_entry_status": {**in_plan, "pk": entry.pk},
        "agenda:registration": {"code": mine.code} if mine else None,
        "agenda:registration_feedback": {"code": attended.code} if attended else None,
        "agenda:registration_certificate_pdf": {"code": attended.code} if attended else None,
        "agenda:registration_new": {"pk": open_event.pk} if open_event else None,
        "agenda:registration_online_checkin": {"pk": in_session.pk} if in_session else None,
        "agenda:checkin": {"pk": managed.pk} if managed else None,
        "agenda:checkin_csv": {"pk": managed.pk} if managed else None,
        "agenda:month": {"year": today.year, "month": today.month},
        "agenda:event": {"pk": event.pk},
        "agenda:series": {"pk": series.pk},
        "agenda:ical_state": {"uf": "mt"},
        "agenda:ical_program": {"slug": "ms-ativo-municipalismo"},
        "agenda:ical_unit": {"slug": "mt-cpsb"},
        "agenda:ical_private": {"token": feed.token} if feed else None,
        "agenda:consultation": {"pk": consultation.pk},
        "agenda:consultation_create": {"series_pk": series.pk},
        "agenda:events_edit": {"pk": managed.pk} if managed else None,
        "agenda:events_cancel": {"pk": managed.pk} if managed else None,
        "agenda:events_move": {"pk": episode.pk} if episode else None,
        "agenda:events_participation": {"pk": hearing.pk} if hearing else None,
        "agenda:events_return": {"pk": waiting.pk} if waiting else None,
        "agenda:appointment": {"pk": appointment.pk},
        "agenda:appointment_book": {"pk": free_slot.pk},
        "agenda:visit_plan": {"pk": visit_plan.pk},
        "agenda:visit_report": {"pk": report.event_id},
    }


def openable(client, user) -> tuple[set[str], list[str], list[str]]:
    """The pages `user` may open (200, HTML); the pages with parameters lacking a sample; the
    actions that answered a GET."""
    samples = _samples(user)
    pages, unsampled, open_actions = set(), [], []
    for route, name, pattern in _patterns():
        if route.startswith(OUTSIDE) or name in NOT_BY_LINKS:
            continue
        if name in POST_ONLY:
            if _is_page(client.get(reverse(name, kwargs=POST_ONLY[name]))):
                open_actions.append(name)
            continue
        has_parameters = bool(pattern.regex.groupindex) if hasattr(pattern, "regex") else False
        if has_parameters:
            if name not in samples:
                unsampled.append(name)
                continue
            if samples[name] is None:
                continue
            address = reverse(name, kwargs=samples[name])
        else:
            address = reverse(name)
        if _is_page(client.get(address)):
            pages.add(name)
    return pages, unsampled, open_actions


_crawls: dict[str | None, tuple[set[str], dict[str, str]]] = {}


def crawled(client, email: str | None) -> tuple[set[str], dict[str, str]]:
    """The crawl of `email`'s site (pages reached, their titles), once per role and module:
    the demo data does not change between the tests that read it."""
    if email not in _crawls:
        titles: dict[str, str] = {}
        _crawls[email] = crawl(client, titles), titles
    return _crawls[email]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Reference and demo data loaded once for the module and rolled back after it."""
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(APOIA_DEMO_PASSWORD=DEMO_PASSWORD),
        transaction.atomic(),
    ):
        call_command("load_reference", verbosity=0)
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("email", ROLES, ids=lambda email: email or "anonymous")
def test_every_page_a_role_may_open_is_linked_from_the_home_page(demo_data, db, client, email):
    user = User.objects.get(email=email) if email else None
    if user:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    pages, unsampled, open_actions = openable(client, user)
    reached, _titles = crawled(client, email)

    assert unsampled == [], f"pages with parameters and no sample in _samples: {unsampled}"
    assert open_actions == [], f"actions showing a page on GET: {open_actions}"
    unreachable = sorted(pages - reached)
    assert unreachable == [], f"{email or 'anonymous'} may open, no link leads to: {unreachable}"


def _badly_titled(title: str) -> bool:
    """A title says the site once, at its end, and never repeats a part ("Solicitar —
    Solicitar orientação…")."""
    parts = title.split(" — ")
    first_words = [part.split()[0].casefold() for part in parts if part.split()]
    return parts[-1] != "Apoia" or len(set(first_words)) != len(first_words)


@pytest.mark.parametrize("email", ROLES, ids=lambda email: email or "anonymous")
def test_page_titles_end_with_the_site_and_repeat_nothing(demo_data, db, client, email):
    if email:
        user = User.objects.get(email=email)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    titles = dict(crawled(client, email)[1])
    titles.pop("home")  # the home page's title is the site's own description

    assert {name: title for name, title in titles.items() if _badly_titled(title)} == {}
