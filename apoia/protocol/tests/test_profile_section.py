def test_the_municipality_profile_counts_its_requests_and_lists_those_the_user_may_open(
    client, submit, coordinator, sign_in
):
    mine = submit()
    submit()

    anonymous = client.get("/indicadores/municipios/5002704/").content.decode()
    assert "Pedidos ao Estado" in anonymous
    assert "<strong>2</strong> pedidos recebidos" in anonymous
    assert mine.protocol not in anonymous

    sign_in(coordinator)
    page = client.get("/indicadores/municipios/5002704/").content.decode()
    assert mine.protocol in page
