"""Open data of partnerships: /parcerias/dados.csv (streamed) and /parcerias/dados.json —
the public fields of every partnership (there is no personal data on a partnership)."""

from django.http import JsonResponse

from apoia.lib.streamed_csv import streamed_csv
from apoia.society.queries_partnerships import public_partnerships

FIELDS = (
    "id",
    "titulo",
    "objeto",
    "uf",
    "unidade",
    "forma_selecao",
    "edital",
    "publicacao_edital",
    "propostas_ate",
    "resultado_em",
    "justificativa_dispensa",
    "organizacao_cnpj",
    "organizacao_nome",
    "instrumento",
    "numero_termo",
    "assinado_em",
    "valor",
    "inicio",
    "fim",
    "situacao",
    "encerrada_em",
    "processo",
)


def _values(p):
    org = p.organization
    return (
        p.pk, p.title, p.object, p.unit.state.uf, p.unit.slug, p.selection_mode,
        p.call_number, p.call_published_on or "", p.proposals_until or "",
        p.result_published_on or "", p.exemption_justification,
        org.cnpj if org else "", org.name if org else "", p.term_kind, p.term_number,
        p.signed_on or "", p.value if p.value is not None else "", p.starts_on or "",
        p.ends_on or "", p.status, p.closed_on or "", p.process_number,
    )  # fmt: skip


def partnerships_csv(request):
    partnerships = public_partnerships().order_by("pk").iterator(chunk_size=500)
    return streamed_csv(FIELDS, (_values(p) for p in partnerships), "parcerias.csv")


def partnerships_json(request):
    data = [
        {k: str(v) if v != "" else "" for k, v in zip(FIELDS, _values(p), strict=True)}
        for p in public_partnerships().order_by("pk")
    ]
    for row in data:
        row["id"] = int(row["id"])
    return JsonResponse({"partnerships": data}, json_dumps_params={"ensure_ascii": False})
