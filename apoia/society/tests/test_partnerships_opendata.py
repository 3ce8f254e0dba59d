from django.test import Client

from apoia.society.tests.test_partnerships_pages import partnership  # noqa: F401


def test_csv_has_header_and_row(partnership, organization):  # noqa: F811
    response = Client().get("/parcerias/dados.csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,titulo,objeto,uf,unidade,forma_selecao")
    assert len(lines) == 2
    assert f"{partnership.pk},Hortas comunitárias," in lines[1]
    assert organization.cnpj in lines[1]


def test_json_lists_partnership(partnership):  # noqa: F811
    data = Client().get("/parcerias/dados.json").json()
    assert [p["titulo"] for p in data["partnerships"]] == ["Hortas comunitárias"]


def test_organization_page_section_lists_partnership(partnership, organization):  # noqa: F811
    from django.contrib.auth.models import AnonymousUser

    from apoia.accounts.models import User  # noqa: F401
    from apoia.accounts.organization_page import sections_for

    titles = [s.title for s in sections_for(organization, AnonymousUser())]
    assert "Parcerias com o Estado (MROSC)" in titles
