"""Names typed by users reach forms' help texts: they must render as text, never as markup."""

from django.urls import reverse

SCRIPT = "<script>alert(1)</script>"


def test_an_organization_named_with_a_script_tag_renders_escaped_on_the_submission_form(
    community_service, organization, organization_user, sign_in
):
    organization.name = SCRIPT
    organization.save(update_fields=["name"])

    response = sign_in(organization_user).get(
        reverse("protocol:submit", args=[community_service.slug])
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert SCRIPT not in body
    assert "Deixe em branco para pedir em nome de &lt;script&gt;alert(1)&lt;/script&gt;." in body
