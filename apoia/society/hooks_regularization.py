"""What the regularization area registers: the acceptance handler of the "Apoio à
regularização de OSC" option (opens or links the organization's checklist), the checklist's
panel on the request's page, the organization-page section and the digest's expiry alerts."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def open_on_acceptance(req, *, by) -> None:
    """Runs inside the decision's transaction. A request of another option, or one without a
    linked organization, is left alone (the decision goes on)."""
    from apoia.society import services_regularization
    from apoia.society.queries_regularization import is_regularization_request

    if not is_regularization_request(req) or req.organization_id is None:
        return
    services_regularization.open_checklist(
        by=by,
        organization=req.organization,
        request=req,
        opened_by=req.assignee or by,
    )


def _summary_rows(checklist, today) -> tuple[tuple[str, str], ...]:
    from apoia.society.queries_regularization import current_items
    from apoia.society.services_regularization import effective_status

    items = list(current_items(checklist))
    valid = sum(1 for i in items if effective_status(i, today) == "valid")
    rows = [
        (_("Itens válidos"), _("%(valid)s de %(total)s") % {"valid": valid, "total": len(items)})
    ]
    expired = [i for i in items if effective_status(i, today) == "expired"]
    if expired:
        rows.append((_("Vencidos"), ", ".join(i.requirement.name for i in expired)))
    upcoming = sorted(
        (
            i
            for i in items
            if i.expires_on and i.expires_on >= today and i.status in ("valid", "sent")
        ),
        key=lambda i: i.expires_on,
    )
    if upcoming:
        first = upcoming[0]
        rows.append(
            (
                _("Próximo vencimento"),
                _("%(name)s em %(date)s")
                % {"name": first.requirement.name, "date": first.expires_on.strftime("%d/%m/%Y")},
            )
        )
    return tuple(rows)


def checklist_panel(req, user):
    from apoia.protocol.hooks import LinkedPanel
    from apoia.society.models.regularization import Checklist
    from apoia.society.queries_regularization import is_regularization_request, may_see_checklist

    if not is_regularization_request(req) or req.organization_id is None:
        return None
    if not may_see_checklist(user, req.organization):
        return None
    checklist = Checklist.objects.filter(organization_id=req.organization_id).first()
    if checklist is None:
        return None
    return LinkedPanel(
        title=_("Checklist de regularização"),
        rows=_summary_rows(checklist, timezone.localdate()),
        url=reverse("society:checklist", args=[req.organization_id]),
        link_label=_("Abrir o checklist de regularização"),
    )


def checklist_section(organization, user):
    from apoia.accounts.organization_page import OrganizationSection
    from apoia.society.models.regularization import Checklist
    from apoia.society.queries_regularization import may_edit_checklist, may_see_checklist

    if not may_see_checklist(user, organization):
        return None
    checklist = Checklist.objects.filter(organization=organization).first()
    staff = may_edit_checklist(user, organization)
    if checklist is None and not staff:
        return None
    rows = _summary_rows(checklist, timezone.localdate()) if checklist else ()
    return OrganizationSection(
        title=_("Regularização"),
        template="society/regularization/organization_section.html",
        context={
            "organization": organization,
            "checklist": checklist,
            "rows": rows,
            "staff": staff,
        },
        order=20,
    )


def register() -> None:
    from apoia.accounts.organization_page import register_section
    from apoia.catalog.models import ServiceKind
    from apoia.protocol.hooks import (
        DigestSection,
        register_acceptance_handler,
        register_digest_section,
        register_linked_panel,
    )
    from apoia.society import digest_regularization

    register_acceptance_handler(ServiceKind.SERVICE, open_on_acceptance)
    register_linked_panel(checklist_panel)
    register_section(checklist_section)
    register_digest_section(
        DigestSection(
            key="society_regularization",
            collect=digest_regularization.collect,
            render=digest_regularization.render,
        )
    )
