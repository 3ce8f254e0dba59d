"""The management report's page, its PDF and XLSX downloads, who may open them and bad dates."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from apoia.accounts.models import Role
from apoia.accounts.reference import ensure_unit
from apoia.programs.tests.menu_helpers import ALFA
from apoia.programs.tests.plan_helpers import at
from apoia.programs.tests.report_helpers import report_world

pytestmark = pytest.mark.django_db

AUGUST = {"fase": "fase-3", "inicio": "2024-08-01", "fim": "2024-08-31"}


@pytest.fixture
def world(state_ms, community_unit, municipal_user):
    return report_world(state_ms, community_unit, municipal_user)


def url(world, name="programs:report", *args, **params):
    base = reverse(name, args=[world.program.slug, *args])
    return f"{base}?{urlencode(params)}" if params else base


def _person(email, role, **scope):
    from apoia.accounts.models import User
    from apoia.accounts.services import ensure_membership

    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=email)
    ensure_membership(user, role, **scope)
    return user


def test_the_page_shows_the_period_the_classification_and_the_late_owners(
    client, sign_in, world, coordinator
):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world, **AUGUST))

    content = response.content.decode()
    assert response.status_code == 200
    assert "01/08/2024 a 31/08/2024" in content
    assert response.context["report"].bucket("late").count == 2
    assert "Renata Lima" in content and "renata@exemplo.ms.gov.br" in content
    assert "9 dias úteis" in content
    assert "Carla Coelho" in content


def test_without_dates_the_report_covers_the_current_month(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world))

    found = response.context["report"]
    assert (found.period.start, found.period.end) == (dt.date(2024, 9, 1), dt.date(2024, 9, 30))
    assert found.phase.slug == "fase-3"


def test_the_dashboard_links_the_report_with_its_filters(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(
            reverse("programs:monitoring", args=[world.program.slug])
        )

    assert url(world) + "?fase=fase-3" in response.content.decode()


def test_the_pdf_is_an_a4_pdf_with_the_programs_name(client, sign_in, world, coordinator):
    from apoia.programs.report_pdf import report_html

    client = sign_in(coordinator)
    with at(dt.date(2024, 9, 2)):
        response = client.get(url(world, "programs:report_file", "pdf", **AUGUST))
        by_parameter = client.get(url(world, formato="pdf", **AUGUST))
        html = report_html(client.get(url(world, **AUGUST)).context["report"])

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="relatorio-ms-ativo-fase-3-20240801-20240831.pdf"'
    )
    assert by_parameter.content.startswith(b"%PDF")
    assert "size: A4" in html
    assert "MS Ativo Municipalismo · Fase 3 · 01/08/2024 a 31/08/2024" in html
    assert "counter(pages)" in html


def test_the_xlsx_has_a_summary_sheet_first_and_one_sheet_per_table(
    client, sign_in, world, coordinator
):
    from openpyxl import load_workbook

    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(url(world, "programs:report_file", "xlsx", **AUGUST))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Resumo",
        "Progresso por unidade",
        "Progresso por município",
        "Movimento dos indicadores",
        "Entregas atrasadas",
        "Tarefas atrasadas",
    ]
    summary = [[c.value for c in row] for row in book["Resumo"].iter_rows()]
    assert summary[0] == ["Item", "Valor", "Peso"]
    assert summary[1] == ["Programa", "MS Ativo Municipalismo", None]
    assert ["Atrasadas", 2, 10] in summary
    late = book["Entregas atrasadas"]
    assert late.freeze_panes == "A2"
    assert [c.value for c in late[2]][:7] == [
        ALFA,
        "Alfa",
        "Formação",
        "Entrega 3",
        5,
        dt.datetime(2024, 8, 19),
        9,
    ]
    assert late["F2"].number_format == "DD/MM/YYYY"
    assert late["E2"].number_format == "0.00"


def test_another_units_coordinator_and_a_focal_point_get_404(
    client, sign_in, world, municipal_user
):
    outsider = _person(
        "chefe@ouvidoria.test", Role.COORDINATOR, org_unit=ensure_unit("ms-ouvidoria")
    )

    assert sign_in(outsider).get(url(world)).status_code == 404
    assert sign_in(outsider).get(url(world, "programs:report_file", "pdf")).status_code == 404
    assert sign_in(municipal_user).get(url(world)).status_code == 404


def test_an_offering_units_technician_gets_its_actions_part(client, sign_in, world):
    segem = _person("tecnico@segem.test", Role.TECHNICIAN, org_unit=world.other_unit)

    with at(dt.date(2024, 9, 2)):
        response = sign_in(segem).get(url(world, **AUGUST))

    assert response.status_code == 200
    assert [r["unit"].slug for r in response.context["report"].units] == ["ms-segem"]
    assert "as ações da sua unidade" in response.content.decode()


def test_an_end_before_the_start_is_a_form_error(client, sign_in, world, coordinator):
    with at(dt.date(2024, 9, 2)):
        response = sign_in(coordinator).get(
            url(world, fase="fase-3", inicio="2024-08-31", fim="2024-08-01")
        )

    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors == {
        "fim": ["O fim do período não pode ser anterior ao início."]
    }


def test_a_period_longer_than_five_years_is_a_form_error(client, sign_in, world, coordinator):
    client = sign_in(coordinator)
    with at(dt.date(2024, 9, 2)):
        five = client.get(url(world, inicio="2020-01-01", fim="2024-12-31"))
        longer = client.get(url(world, inicio="2020-01-01", fim="2025-01-01"))
        pdf = client.get(
            url(world, "programs:report_file", "pdf", inicio="2020-01-01", fim="2025-01-01")
        )

    assert five.context["form"].errors == {}
    assert longer.context["form"].errors == {"fim": ["O período pode ter no máximo 5 anos."]}
    assert pdf["Content-Type"].startswith("text/html")


def test_a_malformed_date_or_an_unknown_phase_is_a_form_error_not_a_500(
    client, sign_in, world, coordinator
):
    client = sign_in(coordinator)
    with at(dt.date(2024, 9, 2)):
        bad_date = client.get(url(world, inicio="31/02/2024", fim="2024-03-31"))
        huge = client.get(url(world, inicio="9999-12-01", fim="9999-12-31"))
        only_start = client.get(url(world, inicio="2024-08-01"))
        phase = client.get(url(world, fase="fase-9"))

    assert bad_date.context["form"].errors == {"inicio": ["Informe uma data válida."]}
    assert huge.status_code == 200 and huge.context["form"].errors == {}
    assert only_start.context["form"].errors == {"fim": ["Informe também o fim do período."]}
    assert list(phase.context["form"].errors) == ["fase"]


def test_the_report_page_has_a_sound_outline(client, sign_in, world, coordinator):
    from apoia.tests.html import duplicate_ids, heading_jumps

    with at(dt.date(2024, 9, 2)):
        html = sign_in(coordinator).get(url(world, **AUGUST)).content.decode()

    assert (duplicate_ids(html), heading_jumps(html)) == ([], [])


def _texts(box, found):
    if getattr(box, "text", None):
        found.append(box.text)
    for child in getattr(box, "children", None) or []:
        _texts(child, found)
    return found


def test_every_pdf_page_names_the_program_phase_and_period_and_its_number(world, coordinator):
    from weasyprint import HTML

    from apoia.programs import queries_monitoring, report
    from apoia.programs.queries_monitoring import Filters
    from apoia.programs.report_pdf import report_html

    scope = queries_monitoring.monitoring_scope(coordinator, world.program)
    period = report.Period(dt.date(2024, 8, 1), dt.date(2024, 8, 31))
    with at(dt.date(2024, 9, 2)):
        found = report.build(scope, world.phase, Filters(), period, by=coordinator)
    found.late = found.late * 60  # long enough for several pages
    pages = HTML(string=report_html(found)).render().pages

    texts = [_texts(page._page_box, []) for page in pages]
    assert len(pages) > 1
    assert all(
        "MS Ativo Municipalismo · Fase 3 · 01/08/2024 a 31/08/2024" in page for page in texts
    )
    assert [f"Página {n} de {len(pages)}" in page for n, page in enumerate(texts, 1)] == [
        True
    ] * len(pages)
    # The late table's header row repeats on the next page.
    assert texts[1][:2] == ["Entrega", "Município"]
