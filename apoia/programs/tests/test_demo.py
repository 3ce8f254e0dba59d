import datetime as dt

from django.core.management import call_command

from apoia.programs.models import Adhesion, FocalPoint, Program
from apoia.protocol.models import ServiceRequest, Status


def test_the_demo_has_ms_ativo_with_52_active_adhesions_to_phase_3_once(ms_seeds, settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.programs.demo import ensure_program

    ensure_program()
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    program = Program.objects.get(slug="ms-ativo-municipalismo")
    assert list(program.phases.values_list("name", "status", "start")) == [
        ("Fase 1", "closed", dt.date(2021, 8, 2)),
        ("Fase 2", "closed", dt.date(2023, 3, 1)),
        ("Fase 3", "running", dt.date(2024, 7, 1)),
    ]
    adhesions = Adhesion.objects.filter(program=program, phase__slug="fase-3", status="active")
    assert adhesions.count() == 52
    assert adhesions.filter(municipality=5002704).exists()
    assert set(
        ServiceRequest.objects.filter(adhesion__in=adhesions).values_list("status", flat=True)
    ) == {Status.CONCLUDED}
    assert FocalPoint.objects.filter(adhesion__in=adhesions).count() == 78
    assert (
        FocalPoint.objects.exclude(email__endswith="@exemplo.ms.gov.br").count(),
        FocalPoint.objects.filter(user__isnull=True).count(),
    ) == (0, 0)
