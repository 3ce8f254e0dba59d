"""Shared data of the delivery tests: the plan world of plan_helpers, Campo Grande's plan
approved on Monday 5 August 2024, its "Relatório final" asking for a photo and a SEI process
number, due 10 business days later (Monday 19 August 2024).

Beta (5000002) has its own approved plan with the same action and its own focal point, Bruna.
"""

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from apoia.accounts.models import Role, User
from apoia.accounts.services import ensure_membership
from apoia.programs.models import PlanDelivery
from apoia.programs.services import deliveries as delivery_services
from apoia.programs.services import plans as services
from apoia.programs.tests.menu_helpers import BETA, adhesion_of
from apoia.programs.tests.plan_helpers import at, build_world, formacao_item
from apoia.territory.models import Municipality

APPROVED = dt.date(2024, 8, 5)
DUE = dt.date(2024, 8, 19)
# A tiny PNG (signature and IHDR are what the sniffer reads) and a tiny PDF.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SEI = "12345.123456/2024-12"


def png(name="foto.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="relatorio.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def focal_point(email, name, ibge):
    user = User.objects.create_user(email=email, password="senha-de-teste-1", full_name=name)
    ensure_membership(user, Role.MUNICIPAL, municipality=Municipality.objects.get(ibge=ibge))
    return user


def delivery_world(state, unit, coordinator, mario, *, evidence=("photo", "process_number")):
    """Campo Grande's and Beta's approved plans; returns the world and both deliveries."""
    world = build_world(state, unit, coordinator)
    action_delivery = world.formacao.deliveries.get()
    action_delivery.evidence_types = list(evidence)
    action_delivery.save()
    beta_adhesion = adhesion_of(world.program, world.phase, BETA)
    bruna = focal_point("bruna@apoia.test", "Bruna Batista", BETA)
    with at(APPROVED - dt.timedelta(days=3)):
        plan = services.save_plan(world.adhesion, items=[formacao_item(world)], by=mario)
        services.submit_plan(plan, by=mario)
        beta_plan = services.save_plan(beta_adhesion, items=[formacao_item(world)], by=bruna)
        services.submit_plan(beta_plan, by=bruna)
    with at(APPROVED):
        services.decide_plan(plan, approved=True, by=coordinator)
        services.decide_plan(beta_plan, approved=True, by=coordinator)
    return SimpleNamespace(
        world=world,
        plan=plan,
        beta_plan=beta_plan,
        bruna=bruna,
        delivery=PlanDelivery.objects.get(item__plan=plan),
        beta_delivery=PlanDelivery.objects.get(item__plan=beta_plan),
    )


def fill_and_submit(delivery, mario, *, on=dt.date(2024, 8, 12)):
    """Sends a photo and a SEI number and submits the delivery (on `on`, 10:00)."""
    with at(on):
        delivery_services.send_evidence(delivery, kind="photo", file=png(), by=mario)
        delivery_services.send_evidence(delivery, kind="process_number", value=SEI, by=mario)
        delivery_services.submit_delivery(delivery, by=mario)
    delivery.refresh_from_db()
    return delivery
