"""The site shell: base.html, the shared includes, the error pages and the vendored assets."""

import re
from pathlib import Path

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

import apoia
from apoia.accounts.models import Membership, User
from apoia.territory.models import State

VENDOR_DIR = Path(apoia.__file__).resolve().parent / "static" / "vendor"
# An absolute or protocol-relative address in an attribute that loads or links something.
EXTERNAL_ATTR = re.compile(
    r"""\b(?:src|href|action|srcset|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)"""
)


@pytest.fixture
def ms(db, settings):
    settings.APOIA_STATE = "MS"
    return State.objects.create(
        code=50,
        uf="MS",
        name="Mato Grosso do Sul",
        region="Centro-Oeste",
        timezone="America/Campo_Grande",
    )


def _user(email, full_name, *roles, **extra):
    user = User.objects.create_user(
        email=email, password="senha-forte-1", full_name=full_name, **extra
    )
    for role in roles:
        Membership.objects.create(user=user, role=role)
    return user


def test_home_page_shows_the_state_identity_and_the_skip_link(client, ms):
    page = client.get("/").content.decode()

    assert "Governo do Estado de Mato Grosso do Sul" in page
    assert '<a class="br-item" href="#main-content" accesskey="1">' in page
    assert '<main id="main-content"' in page
    assert "comunitario@sec.ms.gov.br" in page
    assert "(67) 3323-7229" in page


def test_the_footer_follows_the_configured_state(client, ms, settings):
    State.objects.create(code=51, uf="MT", name="Mato Grosso", region="Centro-Oeste")
    settings.APOIA_STATE = "MT"

    page = client.get("/").content.decode()

    assert "Governo do Estado de Mato Grosso" in page
    assert "saas@setasc.mt.gov.br" in page
    assert "comunitario@sec.ms.gov.br" not in page


def test_home_page_references_no_other_host(client, ms):
    page = client.get("/").content.decode()

    assert EXTERNAL_ATTR.findall(page) == []
    assert "@import" not in page


def test_vendored_css_loads_nothing_from_another_host_and_every_url_exists():
    css_files = sorted(VENDOR_DIR.rglob("*.css"))
    assert [p.relative_to(VENDOR_DIR).as_posix() for p in css_files] == [
        "fontawesome/css/all.min.css",
        "govbr-ds/core.min.css",
        "raleway/raleway.css",
    ]
    for css in css_files:
        text = css.read_text(encoding="utf-8")
        assert re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//", text) == [], css
        assert "@import" not in text, css
        # The manifest storage of collectstatic fails on a reference to a missing file.
        for target in re.findall(r"url\(\s*['\"]?([^'\")?#]+)", text):
            if not target.startswith("data:"):
                assert (css.parent / target).is_file(), (css, target)
        assert "sourceMappingURL" not in text, css


def test_anonymous_visitors_get_the_public_menu(client, ms):
    page = client.get("/").content.decode()

    assert "Carta de Serviços" in page
    assert 'href="/api/v1/docs"' in page
    assert 'href="/contas/entrar/' in page
    assert "Calendário de prazos" not in page
    assert 'href="/admin/"' not in page
    assert 'id="logout-form"' not in page


def test_an_admin_gets_the_calendar_and_a_logout_form_and_is_greeted_with_roles(client, ms):
    client.force_login(_user("alice@estado.gov.br", "Alice Admin", "admin", is_staff=True))

    page = client.get("/").content.decode()

    assert 'href="/territorio/calendario/"' in page
    assert 'href="/admin/"' in page
    assert '<form id="logout-form" method="post" action="/contas/sair/" hidden>' in page
    assert "Olá, Alice." in page
    assert "Administrador(a)" in page


def test_a_municipal_focal_point_does_not_get_the_admin_entries(client, ms):
    client.force_login(_user("bob@prefeitura.gov.br", "Bob Municipal"))

    page = client.get("/").content.decode()

    assert "Calendário de prazos" not in page
    assert 'href="/admin/"' not in page
    assert "Sua conta ainda não tem um perfil de acesso." in page


def test_switching_to_english_changes_the_html_lang(client, ms):
    assert '<html lang="pt-br">' in client.get("/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()


def test_breadcrumbs_start_at_home_and_end_at_the_current_page(ms):
    request = RequestFactory().get("/territorio/calendario/MS/dias/")
    page = render_to_string(
        "base.html",
        {
            "breadcrumbs": [
                ("Calendário de prazos", "/territorio/calendario/"),
                ("Registrar dia não útil", None),
            ]
        },
        request=request,
    )

    crumbs = re.findall(r'<li class="crumb[^"]*"[^>]*>(.*?)</li>', page, re.S)
    assert len(crumbs) == 3
    assert '<a class="br-button circle" href="/"><span class="sr-only">Início</span>' in crumbs[0]
    assert '<a href="/territorio/calendario/">Calendário de prazos</a>' in crumbs[1]
    assert '<span aria-current="page">Registrar dia não útil</span>' in crumbs[2]


def test_the_home_page_has_no_breadcrumb(client, ms):
    assert "br-breadcrumb" not in client.get("/").content.decode()


def test_the_server_error_page_needs_neither_request_nor_database():
    # No `db` fixture: pytest-django makes any query here raise.
    page = render_to_string("500.html")

    assert "Erro no servidor" in page
    assert '<main id="main-content"' in page
    assert "/static/vendor/govbr-ds/core.min.css" in page


def test_an_unknown_address_answers_the_404_page_in_the_shell(client, ms):
    response = client.get("/nao-existe/")

    assert response.status_code == 404
    assert "Página não encontrada" in response.content.decode()
    assert "Governo do Estado de Mato Grosso do Sul" in response.content.decode()


def test_the_forbidden_page_offers_login_to_anonymous_visitors(ms):
    request = RequestFactory().get("/territorio/calendario/")
    page = render_to_string("403.html", request=request)

    assert "Acesso negado" in page
    assert 'href="/contas/entrar/?next=/territorio/calendario/"' in page


class _SampleForm(forms.Form):
    name = forms.CharField(label="Nome", help_text="Como aparece no ofício.")
    kind = forms.ChoiceField(label="Tipo", choices=[("a", "Um"), ("b", "Dois")])
    scope = forms.ChoiceField(
        label="Abrangência", choices=[("s", "Estado"), ("m", "Município")], widget=forms.RadioSelect
    )
    notes = forms.CharField(label="Observações", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="Concordo")


def test_the_form_include_labels_every_field_and_links_errors_and_help(db):
    form = _SampleForm(data={"kind": "a"})
    page = render_to_string("includes/form.html", {"form": form})

    assert (
        '<label for="id_name">Nome<span class="apoia-required" aria-hidden="true"> *</span>' in page
    )
    assert 'aria-describedby="id_name_helptext id_name_error"' in page
    assert '<p class="apoia-help-text" id="id_name_helptext">Como aparece no ofício.</p>' in page
    assert (
        '<div class="apoia-field-errors" id="id_name_error"><span class="feedback danger">' in page
    )
    assert '<div class="br-input apoia-select">' in page
    assert '<legend class="apoia-legend">Abrangência' in page
    assert '<label for="id_scope_0">Estado</label>' in page
    assert '<div class="br-textarea">' in page
    assert '<div class="br-checkbox invalid">' in page
    assert '<li><a href="#id_agree">Concordo</a></li>' in page


def test_pagination_links_keep_the_filters_and_change_only_the_page():
    request = RequestFactory().get("/servicos/", {"q": "associação", "page": "2"})
    page_obj = Paginator(list(range(100)), 10).page(2)

    html = Template('{% include "includes/pagination.html" %}').render(
        Context({"page_obj": page_obj, "request": request})
    )

    assert 'href="?q=associa%C3%A7%C3%A3o&amp;page=1" rel="prev"' in html
    assert 'href="?q=associa%C3%A7%C3%A3o&amp;page=3" rel="next"' in html
    assert 'aria-current="page"' in html
    assert "…" in html  # pages 6 to 9 elided


@pytest.mark.parametrize(
    "address",
    ["/indicadores/", "/indicadores/mapa/", "/indicadores/ranking/", "/indicadores/municipios/"],
)
def test_the_menu_and_the_home_page_link_the_indicator_pages(client, db, address):
    home = client.get("/").content.decode()
    menu = home[home.index('id="main-navigation"') : home.index('id="main-content"')]
    content = home[home.index('id="main-content"') :]

    assert f'href="{address}"' in menu
    assert f'href="{address}"' in content
