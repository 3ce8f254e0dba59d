"""Bad JSON input answers in Portuguese and names the field as the caller wrote it."""

from apoia.api.errors import field_path


def test_the_body_parameter_name_and_pydantic_type_tags_are_left_out_of_field_paths():
    assert field_path(("body", "data", "requester", "email")) == "requester.email"
    assert field_path(("body", "data", "reason", "str-enum[RefusalReason]")) == "reason"
    assert field_path(("query", "amount")) == "amount"
    assert field_path(("body",)) == "__all__"


def test_a_body_that_is_not_json_is_a_portuguese_400_naming_the_body(client, db):
    response = client.post("/api/v1/rankings", "isto não é json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "body", "message": "O corpo da requisição não é um JSON válido."}
    ]


def test_wrong_types_in_a_json_body_are_named_in_portuguese(client, db):
    response = client.post(
        "/api/v1/requests",
        {"service": "x", "requester": {"email": 5}, "description": "Um pedido qualquer."},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert {"field": "requester.email", "message": "Informe um texto."} in response.json()["errors"]
