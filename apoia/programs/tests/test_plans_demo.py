"""The demo's action plans: one per adhered municipality, in a realistic mix of statuses."""

from django.core.management import call_command

from apoia.programs.models import Plan, PlanDelivery, PlanItem, PlanVersion
from apoia.programs.queries_plans import version_diff


def load(settings):
    settings.APOIA_DEMO_PASSWORD = "demo-senha-1"
    from apoia.programs.demo import ensure_program

    ensure_program()
    call_command("load_demo", verbosity=0)


def test_the_demo_gives_each_of_the_52_adhesions_a_plan_mostly_approved(ms_seeds, settings):
    load(settings)
    call_command("load_demo", verbosity=0)
    statuses = {}
    # The municipal plans (the demo's strategic projects have plans without adhesion).
    for status in Plan.objects.filter(adhesion__isnull=False).values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    assert statuses == {"approved": 39, "draft": 5, "returned": 3, "submitted": 5}


def test_every_demo_plan_has_two_or_three_actions_within_their_places(ms_seeds, settings):
    load(settings)
    municipal = Plan.objects.filter(adhesion__isnull=False)
    counts = {plan.pk: plan.items.count() for plan in municipal}
    assert set(counts.values()) <= {2, 3}
    for item in PlanItem.objects.select_related("action").distinct():
        if item.action.places is not None:
            used = PlanItem.objects.filter(action=item.action).count()
            assert used <= item.action.places


def test_the_demo_revisions_moved_one_due_date_by_30_days(ms_seeds, settings):
    load(settings)
    second = PlanVersion.objects.filter(number=2).select_related("plan").first()
    first = PlanVersion.objects.get(plan=second.plan, number=1)
    diff = version_diff(first.snapshot, second.snapshot)
    assert (len(diff["dues"]), (diff["dues"][0]["new"] - diff["dues"][0]["old"]).days) == (1, 30)


def test_approved_demo_plans_have_frozen_due_dates(ms_seeds, settings):
    load(settings)
    assert not PlanDelivery.objects.filter(item__plan__status="approved", frozen=False).exists()
