"""Certificates: the staff issue them after the event and revoke one with a reason; the
attendee downloads the PDF from their registration page; anyone verifies a code at
/certificados/<code>/ (name, event, date, workload and issuer only; an unknown code is a 404
page that says so)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.agenda import queries
from apoia.agenda.certificate_pdf import certificate_pdf
from apoia.agenda.codes import normalize_code
from apoia.agenda.forms_registrations import CertificateLookupForm, RevokeForm
from apoia.agenda.models import Certificate, Event
from apoia.agenda.services import certificates as services


@login_required
@require_POST
def issue(request, pk):
    event = get_object_or_404(Event.objects.select_related("state", "unit"), pk=pk)
    if not queries.may_manage_event(request.user, event):
        raise Http404
    try:
        made = services.issue_certificates(event, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except services.CertificateRefused as exc:
        messages.error(request, exc.message)
    else:
        if made:
            messages.success(
                request,
                _("%(count)d certificado(s) emitido(s); cada pessoa recebe o link por e-mail.")
                % {"count": len(made)},
            )
        else:
            messages.info(request, _("Todas as pessoas presentes já têm certificado."))
    return redirect("agenda:checkin", event.pk)


@login_required
def revoke(request, code):
    try:
        certificate = queries.get_certificate(code)
    except Http404:
        raise
    event = certificate.registration.event
    if not queries.may_manage_event(request.user, event):
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke(certificate, by=request.user, reason=form.cleaned_data["reason"])
        except services.CertificateRefused as exc:
            messages.error(request, exc.message)
            return redirect("agenda:verify_certificate", certificate.code)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Certificado revogado."))
            return redirect("agenda:verify_certificate", certificate.code)
    return render(
        request,
        "agenda/certificates/revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "breadcrumbs": [
                (_("Gestão da agenda"), reverse("agenda:staff_home")),
                (_("Presenças"), reverse("agenda:checkin", args=[event.pk])),
                (_("Revogar certificado"), None),
            ],
        },
    )


def pdf(request, code):
    """The attendee's certificate (their registration code is the capability)."""
    registration = queries.get_registration(code)
    certificate = Certificate.objects.filter(registration=registration).first()
    if certificate is None or certificate.is_revoked:
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificado-{certificate.code}.pdf"'
    return response


def lookup(request):
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        code = normalize_code(form.cleaned_data["codigo"])
        if code:
            return redirect("agenda:verify_certificate", code)
    return render(
        request,
        "agenda/certificates/lookup.html",
        {"form": form, "breadcrumbs": [(_("Verificar certificado"), None)]},
    )


def verify(request, code):
    try:
        certificate = queries.get_certificate(code)
    except Http404:
        return render(
            request,
            "agenda/certificates/not_found.html",
            {
                "code": normalize_code(code)[:20],
                "form": CertificateLookupForm(),
                "breadcrumbs": [
                    (_("Verificar certificado"), reverse("agenda:certificate_lookup")),
                    (_("Não encontrado"), None),
                ],
            },
            status=404,
        )
    if certificate.code != code:
        return redirect("agenda:verify_certificate", certificate.code)
    event = certificate.registration.event
    return render(
        request,
        "agenda/certificates/verify.html",
        {
            "certificate": certificate,
            "tz": event.state.timezone,
            "may_revoke": queries.may_manage_event(request.user, event)
            and not certificate.is_revoked,
            "breadcrumbs": [
                (_("Verificar certificado"), reverse("agenda:certificate_lookup")),
                (certificate.code, None),
            ],
        },
    )
