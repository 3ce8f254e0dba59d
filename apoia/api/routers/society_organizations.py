"""API of the organization registry: the public list and detail (never leaders' personal
data), creation by staff of the organization's state and the CSV import (preview with
row-level errors, then an all-or-nothing commit — the same services as the web pages)."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as HttpStatus
from pydantic import ValidationError as PydanticError

from apoia.accounts.models import Organization, OrganizationKind, normalize_document
from apoia.api.auth import TokenAuth
from apoia.api.errors import FieldError, field_path, message_for
from apoia.api.routers.protocol_schemas import InvalidOut, ProblemOut
from apoia.society import queries, services_registry, services_registry_import
from apoia.society.forms_registry import IMPORT_MAX_BYTES, ImportForm
from apoia.society.models.registry import ImportBatch
from apoia.society.queries_registry import areas_of, filter_registry, get_import_batch
from apoia.territory.models import Municipality

router = Router(tags=["sociedade civil: organizações"])


class OrganizationListOut(Schema):
    cnpj: str | None
    name: str
    kind: str
    municipality: str
    municipality_code: int
    uf: str
    areas: list[str]


class LeaderOut(Schema):
    name: str
    position: str
    mandate_start: dt.date | None
    mandate_end: dt.date | None


class OrganizationDetailOut(OrganizationListOut):
    legal_nature: str
    address: str
    founded_on: dt.date | None
    website: str
    email: str
    phone: str
    leaders: list[LeaderOut]


class OrganizationFilters(Schema):
    municipality: int | None = Field(None, description="Código IBGE do município.")
    kind: OrganizationKind | None = None
    q: str = Field("", max_length=100, description="Nome ou CNPJ; acentos ignorados.")
    uf: str = Field("", pattern="^([A-Za-z]{2})?$")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class LeaderIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    position: str = Field(..., min_length=1, max_length=100)
    mandate_start: dt.date | None = None
    mandate_end: dt.date | None = None
    cpf: str = Field("", max_length=14, description="Dado pessoal: nunca publicado.")
    email: str = Field("", max_length=254, description="Dado pessoal: nunca publicado.")
    phone: str = Field("", max_length=40, description="Dado pessoal: nunca publicado.")


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: OrganizationKind
    cnpj: str = Field("", max_length=18)
    municipality: int = Field(..., description="Código IBGE do município.")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    legal_nature: str = Field("", max_length=120)
    address: str = Field("", max_length=300)
    founded_on: dt.date | None = None
    website: str = Field("", max_length=200)
    leaders: list[LeaderIn] = Field([], max_length=30)


class OrganizationPatch(Schema):
    """Only the fields sent change; `leaders`, when sent, replaces the whole board."""

    name: str = Field(None, min_length=1, max_length=200)
    kind: OrganizationKind = None
    email: str = Field(None, max_length=254)
    phone: str = Field(None, max_length=40)
    legal_nature: str = Field(None, max_length=120)
    address: str = Field(None, max_length=300)
    postal_code: str = Field(None, max_length=8)
    founded_on: dt.date | None = None
    website: str = Field(None, max_length=200)
    description: str = Field(None, max_length=2000)
    areas: list[str] = Field(None, max_length=50, description="Identificadores das áreas.")
    leaders: list[LeaderIn] = Field(None, max_length=30)


class ChangeOut(Schema):
    detail: str
    change: int
    status: str


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _service_data(data: dict) -> dict:
    """The snapshot shape of services_registry: dates as ISO text, blanks as ""."""
    found = {key: _iso(value) if value is not None else "" for key, value in data.items()}
    if "leaders" in data:
        found["leaders"] = [
            {key: _iso(value) or "" for key, value in leader.items()} for leader in data["leaders"]
        ]
    return found


def _raise_field_error(error: ValidationError):
    pairs = (
        [(f, m) for f, ms in error.message_dict.items() for m in ms]
        if hasattr(error, "error_dict")
        else [("__all__", m) for m in error.messages]
    )
    field, message = pairs[0]
    raise FieldError(field, message) from None


def _summary(o: Organization) -> dict:
    return {
        "cnpj": o.cnpj or None,
        "name": o.name,
        "kind": o.kind,
        "municipality": o.municipality.name,
        "municipality_code": o.municipality.ibge,
        "uf": o.municipality.state.uf,
        "areas": areas_of(o),
    }


def _detail(o: Organization) -> dict:
    record = getattr(o, "record", None)
    return {
        **_summary(o),
        "legal_nature": record.legal_nature if record else "",
        "address": record.address if record else "",
        "founded_on": record.founded_on if record else None,
        "website": record.website if record else "",
        "email": o.email,
        "phone": o.phone,
        "leaders": [
            {
                "name": leader.name,
                "position": leader.position,
                "mandate_start": leader.mandate_start,
                "mandate_end": leader.mandate_end,
            }
            for leader in o.leaders.all()
        ],
    }


@router.get("/organizations", response=list[OrganizationListOut], summary="Organizações")
def list_organizations(request, filters: Query[OrganizationFilters]):
    found = filter_registry(
        uf=filters.uf,
        municipality=str(filters.municipality or ""),
        kind=filters.kind or "",
        q=filters.q,
    )
    return [_summary(o) for o in found[filters.offset : filters.offset + filters.limit]]


class ImportRowErrorOut(Schema):
    loc: list[str | int] = Field(..., description='["rows", linha, coluna] ou ["file"].')
    row: int | None = Field(None, description="Linha da planilha (o cabeçalho é a linha 1).")
    field: str
    message: str


class ImportBatchOut(Schema):
    id: int
    file_name: str
    status: str = Field(..., description="previewed, invalid ou committed.")
    row_count: int
    created_count: int = Field(..., description="Criadas (ou a criar, antes de importar).")
    updated_count: int = Field(..., description="Atualizadas (ou a atualizar).")
    errors: list[ImportRowErrorOut]
    uploaded_at: dt.datetime
    committed_at: dt.datetime | None
    same_file_batch: int | None = Field(None, description="Importação anterior do mesmo arquivo.")


class ImportInvalidOut(ImportBatchOut):
    detail: str


class ImportIn(Schema):
    file_name: str = Field("organizacoes.csv", max_length=200)
    content: str = Field(..., min_length=1, max_length=IMPORT_MAX_BYTES)


def _row_error(error: dict) -> dict:
    loc = ["file"] if error["row"] is None else ["rows", error["row"], error["field"]]
    return {**error, "loc": loc, "field": ".".join(str(p) for p in loc)}


def _batch_out(batch: ImportBatch) -> dict:
    return {
        "id": batch.pk,
        "file_name": batch.file_name,
        "status": batch.status,
        "row_count": batch.row_count,
        "created_count": batch.created_count,
        "updated_count": batch.updated_count,
        "errors": [_row_error(e) for e in batch.errors],
        "uploaded_at": batch.uploaded_at,
        "committed_at": batch.committed_at,
        "same_file_batch": getattr(services_registry_import.same_file_committed(batch), "pk", None),
    }


def _require_staff(request) -> None:
    if not queries.is_society_staff(request.auth):
        raise HttpError(403, _("Somente a equipe do estado importa organizações."))


def _sent_file(request) -> tuple[str, object]:
    """(file name, content) from a multipart `file` or a JSON {"file_name", "content"}."""
    if request.content_type == "multipart/form-data":
        form = ImportForm({}, request.FILES)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise FieldError(field, errors[0])
        upload = form.cleaned_data["file"]
        return upload.name, upload.read()
    try:
        data = ImportIn.model_validate(json.loads(request.body or b"null"))
    except json.JSONDecodeError:
        raise FieldError("body", _("O corpo da requisição não é um JSON válido.")) from None
    except PydanticError as error:
        first = error.errors()[0]
        raise FieldError(field_path(first["loc"]), message_for(first)) from None
    return data.file_name, data.content


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "application/json": {"schema": ImportIn.model_json_schema()},
        },
    }
}


@router.post(
    "/organizations/imports",
    auth=TokenAuth(),
    response={201: ImportBatchOut, 403: ProblemOut, 422: ImportInvalidOut | InvalidOut},
    openapi_extra=IMPORT_BODY,
    summary="Conferir um CSV de organizações (equipe do estado)",
)
def upload_import(request):
    """Envia o CSV (multipart `file`, ou JSON com `file_name` e `content`) e o confere sem
    gravar nada. Sem erros: 201 com a situação `previewed` e as contagens; com erros: 422 com
    o lote (`invalid`) e os erros de cada linha em `errors` (`loc`: ["rows", linha, coluna])."""
    _require_staff(request)
    file_name, content = _sent_file(request)
    batch = services_registry_import.preview_import(
        by=request.auth, file_name=file_name, content=content
    )
    if batch.status == ImportBatch.Status.INVALID:
        return HttpStatus(
            422, {"detail": _("O arquivo tem erros; nada foi gravado."), **_batch_out(batch)}
        )
    return HttpStatus(201, _batch_out(batch))


@router.get(
    "/organizations/imports/{batch_id}",
    auth=TokenAuth(),
    response={200: ImportBatchOut, 403: ProblemOut, 404: ProblemOut},
    summary="Uma importação de organizações",
)
def get_import(request, batch_id: int):
    _require_staff(request)
    return _batch_out(get_import_batch(request.auth, batch_id))


@router.post(
    "/organizations/imports/{batch_id}/commit",
    auth=TokenAuth(),
    response={200: ImportBatchOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut},
    summary="Gravar uma importação sem erros (tudo ou nada)",
)
def commit_import(request, batch_id: int):
    """Cria e atualiza todas as organizações do lote numa só transação; 409 se o lote tem
    erros, já foi importado ou uma linha deixou de valer desde a conferência."""
    _require_staff(request)
    batch = get_import_batch(request.auth, batch_id)
    try:
        batch = services_registry_import.commit_import(by=request.auth, batch=batch)
    except ValidationError as error:
        return HttpStatus(409, {"detail": " ".join(error.messages)})
    return _batch_out(batch)


@router.get(
    "/organizations/{cnpj}",
    response={200: OrganizationDetailOut, 404: ProblemOut},
    summary="Uma organização, pelo CNPJ",
)
def get_organization(request, cnpj: str):
    digits = normalize_document(cnpj)
    o = queries.public_organizations().filter(cnpj=digits).first() if digits else None
    if o is None:
        return HttpStatus(404, {"detail": _("Organização não encontrada.")})
    return _detail(o)


@router.post(
    "/organizations",
    auth=TokenAuth(),
    response={201: OrganizationDetailOut, 403: ProblemOut, 409: ProblemOut, 422: InvalidOut},
    summary="Cadastrar uma organização (equipe do estado)",
)
def create_organization(request, data: OrganizationIn):
    municipality = Municipality.objects.filter(pk=data.municipality).first()
    if municipality is None:
        raise FieldError("municipality", _("Município não encontrado (código IBGE)."))
    if not queries.is_society_staff(request.auth, municipality.state_id):
        return HttpStatus(403, {"detail": _("Você não gerencia as organizações deste estado.")})
    digits = normalize_document(data.cnpj)
    if digits and Organization.objects.filter(cnpj=digits).exists():
        return HttpStatus(409, {"detail": _("Já existe uma organização com este CNPJ.")})
    fields = _service_data(data.dict(exclude={"municipality"}))
    try:
        o = services_registry.create_organization(
            by=request.auth, municipality=municipality, **fields
        )
    except ValidationError as error:
        _raise_field_error(error)
    o = queries.public_organizations().get(pk=o.pk)
    return HttpStatus(201, _detail(o))


@router.patch(
    "/organizations/{cnpj}",
    auth=TokenAuth(),
    response={
        200: OrganizationDetailOut,
        202: ChangeOut,
        403: ProblemOut,
        404: ProblemOut,
        422: InvalidOut,
    },
    summary="Alterar o cadastro (equipe: direto; representante: proposta)",
)
def edit_organization(request, cnpj: str, data: OrganizationPatch):
    """A equipe do estado altera direto (200 com o cadastro). O representante da organização
    propõe (202): a alteração só fica pública depois da análise da equipe."""
    digits = normalize_document(cnpj)
    o = queries.public_organizations().filter(cnpj=digits).first() if digits else None
    if o is None:
        return HttpStatus(404, {"detail": _("Organização não encontrada.")})
    if not (
        queries.may_manage_organization(request.auth, o) or queries.represents(request.auth, o)
    ):
        return HttpStatus(403, {"detail": _("Você não pode alterar esta organização.")})
    try:
        change = services_registry.edit_organization(
            organization=o, by=request.auth, data=_service_data(data.dict(exclude_unset=True))
        )
    except ValidationError as error:
        _raise_field_error(error)
    if change is not None:
        return HttpStatus(
            202,
            {
                "detail": _("Alteração enviada. Ela será pública após a análise."),
                "change": change.pk,
                "status": change.status,
            },
        )
    return _detail(queries.public_organizations().get(pk=o.pk))
