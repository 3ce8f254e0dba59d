"""The submission form's finished details: anonymity drops the identity, the organization's
help says what a blank means, the upload component, and counters on every long text."""

import pytest
from django import forms
from django.template.loader import render_to_string

from apoia.protocol.models import ServiceRequest

DENUNCIA = "/servicos/ouvidoria-denuncia/solicitar/"
OFICIO = "/servicos/orientacao-associacoes-comunitarias/solicitar/"


def denuncia(**overrides):
    data = {
        "anonymous": "on",
        "name": "Fulano de Tal",
        "email": "fulano@",
        "document": "123",
        "phone": "(67) 99999-0000",
        "subject": "Desvio de materiais",
        "description": "Materiais do centro comunitário foram levados para uso pessoal.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_anonymous_manifestation_is_filed_though_the_identity_typed_before_was_invalid(
    client, seeds
):
    response = client.post(DENUNCIA, denuncia())

    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (req.is_anonymous, req.requester_name, req.requester_email) == (True, "", "")
    assert (req.requester_document, req.requester_phone) == ("", "")


def test_an_anonymous_form_sent_back_for_another_error_no_longer_shows_the_identity(client, seeds):
    response = client.post(DENUNCIA, denuncia(description=None))

    body = response.content.decode()
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["description"]
    assert "Fulano de Tal" not in body
    assert "(67) 99999-0000" not in body


def test_the_anonymity_checkbox_names_the_fields_the_browser_hides(client, seeds):
    body = client.get(DENUNCIA).content.decode()

    assert 'data-anonymous-hides="id_name id_email id_document id_phone"' in body


def test_without_anonymity_the_identity_is_still_checked(client, seeds):
    response = client.post(DENUNCIA, denuncia(anonymous=None))

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["E-mail inválido."]


def test_the_organization_name_says_a_blank_files_as_a_private_person(client, seeds):
    body = client.get(OFICIO).content.decode()

    assert (
        '<p class="apoia-help-text" id="id_organization_name_helptext">Preencha se o pedido é '
        "feito em nome de uma associação ou OSC. Deixe em branco se você pede em nome próprio; "
        "o pedido ficará em seu nome, como pessoa física.</p>"
    ) in body


def test_a_representative_is_told_a_blank_files_for_their_organization(
    client, seeds, organization_user
):
    client.force_login(organization_user)

    body = client.get(OFICIO).content.decode()

    assert "Deixe em branco para pedir em nome de Associação de Moradores do Jardim Teste." in body


def test_the_attachments_use_the_ds_upload_component_over_the_native_multiple_input(client, seeds):
    body = client.get(OFICIO).content.decode()

    assert (
        '<div class="apoia-upload" data-apoia-upload data-choose="Selecione os arquivos" '
        'data-drop="ou arraste-os até aqui" data-remove="Remover">'
    ) in body
    assert (
        '<input type="file" name="attachments" accept=".pdf,.odt,.docx,.png,.jpg,.jpeg,.gif,.webp" '
        'multiple aria-describedby="id_attachments_helptext" id="id_attachments">'
    ) in body
    assert "/static/apoia/forms.js" in body


def test_a_required_radio_is_not_marked_invalid_before_the_form_is_sent(client, seeds):
    body = client.get(OFICIO).content.decode()

    assert '<div class="br-radio">' in body
    assert "br-radio invalid" not in body


def test_a_required_radio_left_empty_is_marked_invalid_once_sent(client, seeds):
    body = client.post(OFICIO, {}).content.decode()

    assert '<div class="br-radio invalid">' in body


class LongText(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"maxlength": "500"}))


def test_a_long_text_with_a_maxlength_but_no_char_limit_still_gets_its_counter():
    html = render_to_string("includes/field.html", {"field": LongText()["notes"]})

    assert (
        '<p class="apoia-help-text apoia-counter text-right" id="id_notes_counter" '
        'data-counter-for="id_notes"><span class="apoia-counter-value">0</span> / 500 '
        "caracteres</p>"
    ) in html


def _project_forms():
    import importlib

    for module in (
        "apoia.accounts.forms",
        "apoia.catalog.forms",
        "apoia.indicators.forms",
        "apoia.indicators.forms_analysis",
        "apoia.protocol.forms",
        "apoia.protocol.public_forms",
        "apoia.territory.forms",
        "apoia.programs.forms",
        "apoia.programs.forms_menu",
        "apoia.programs.forms_plans",
        "apoia.programs.admin_menu",
        "apoia.agenda.forms_appointments",
        "apoia.agenda.forms_consultations",
        "apoia.agenda.forms_events",
        "apoia.agenda.forms_plan",
        "apoia.agenda.forms_reach",
        "apoia.agenda.forms_registrations",
        "apoia.agenda.forms_visits",
        "apoia.society.forms_registry",
        "apoia.society.forms_regularization",
        "apoia.society.forms_councils",
        "apoia.society.forms_partnerships",
        "apoia.legislative.forms_bills",
        "apoia.legislative.forms_demands",
    ):
        importlib.import_module(module)
    pending, found = [forms.Form, forms.ModelForm], []
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("apoia.") and ".tests." not in sub.__module__:
                found.append(sub)
    return found


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda cls: cls.__qualname__)
def test_every_long_text_field_of_the_project_has_a_limit_and_so_a_counter(form_class):
    textareas = {
        name: getattr(field, "char_limit", None)
        for name, field in form_class.base_fields.items()
        if isinstance(field.widget, forms.Textarea)
    }

    assert [name for name, limit in textareas.items() if not limit] == []


def test_every_long_text_of_the_submission_form_has_a_counter(client, seeds):
    body = client.get(OFICIO).content.decode()

    assert body.count("<textarea") == 2
    assert 'data-counter-for="id_description"' in body
    assert 'data-counter-for="id_suggested_agenda"' in body
