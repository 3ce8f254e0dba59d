"""CSV import of the organization registry: staff preview a file (every row checked with the
models' own validators, row-level errors kept on the `ImportBatch`), then commit it all at
once or not at all — new organizations created, existing ones (matched by CNPJ, or by name
and municipality when the row has no CNPJ) updated through the registry's services.

Columns (Portuguese headers, `;` or `,`, UTF-8 with or without BOM, else latin-1): see
`COLUMNS`. A blank cell of an existing organization keeps its current value."""

import copy
import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apoia.accounts.models import Organization, OrganizationKind, normalize_document
from apoia.catalog.search import fold
from apoia.society import queries, services_registry
from apoia.society.models.registry import AreaOfWork, ImportBatch, OrganizationRecord
from apoia.territory.models import Municipality

MAX_ROWS = 5_000
REQUIRED = ("nome", "tipo", "municipio_ibge")
# CSV column → the snapshot key of services_registry it fills.
COLUMNS = {
    "nome": "name",
    "tipo": "kind",
    "cnpj": "cnpj",
    "municipio_ibge": "municipality",
    "natureza_juridica": "legal_nature",
    "endereco": "address",
    "cep": "postal_code",
    "data_fundacao": "founded_on",
    "areas": "areas",
    "email": "email",
    "telefone": "phone",
    "site": "website",
}
COLUMN_OF = {key: column for column, key in COLUMNS.items()}
EXAMPLE = (
    "nome;tipo;cnpj;municipio_ibge;natureza_juridica;endereco;cep;data_fundacao;areas;"
    "email;telefone;site\r\n"
    "Associação de Moradores do Bairro Exemplo;association;11.222.333/0001-81;5002704;"
    "Associação privada;Rua das Flores, 100;79000000;20/05/2001;"
    "cultura-recreacao|Assistência social;"
    "contato@exemplo.org.br;(67) 3321-0000;https://exemplo.org.br\r\n"
    "Coletivo Cultural Exemplo;Coletivo informal;;5002704;;;;;;;;\r\n"
)


@dataclass
class Row:
    """One CSV line as it will be written: `data` for the services, `target` when it updates."""

    number: int
    values: dict
    data: dict = field(default_factory=dict)
    municipality: Municipality | None = None
    target: Organization | None = None


@dataclass
class Reading:
    rows: list[Row] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, row, column, message):
        self.errors.append({"row": row, "field": column, "message": str(message)})

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.target is None)

    @property
    def update_count(self) -> int:
        return sum(1 for row in self.rows if row.target is not None)


def decode(content) -> str:
    """UTF-8 (a BOM dropped), else latin-1 — what spreadsheets save."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            content = content.decode("latin-1")
    return content.lstrip("\ufeff")


def _kinds() -> dict:
    found = {}
    for value, label in OrganizationKind.choices:
        found[fold(value)] = value
        found[fold(str(label))] = value
    return found


def _date(text: str) -> str:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise ValidationError(_("Data inválida: use dd/mm/aaaa."))


class _Resolver:
    """Turns cells into the services' values, each error naming its column."""

    def __init__(self, by):
        self.by = by
        self.kinds = _kinds()
        self.areas = {}
        for slug, name in AreaOfWork.objects.values_list("slug", "name"):
            self.areas[fold(slug)] = slug
            self.areas[fold(name)] = slug
        self.towns = {}

    def municipality(self, text):
        if not (text.isdigit() and len(text) == 7):
            raise ValidationError(_("Informe o código IBGE do município (7 dígitos)."))
        if text not in self.towns:
            self.towns[text] = Municipality.objects.filter(pk=int(text)).first()
        town = self.towns[text]
        if town is None:
            raise ValidationError(_("Município não encontrado (código IBGE)."))
        if not queries.is_society_staff(self.by, town.state_id):
            raise ValidationError(_("Você não gerencia as organizações deste estado."))
        return town

    def value(self, key, text):
        if key == "kind":
            if fold(text) not in self.kinds:
                raise ValidationError(_("Tipo desconhecido: use um dos tipos do modelo."))
            return self.kinds[fold(text)]
        if key == "cnpj":
            return normalize_document(text)
        if key == "postal_code":
            return "".join(ch for ch in text if ch.isdigit()) or text
        if key == "founded_on":
            return _date(text)
        if key == "website" and "://" not in text:
            return f"https://{text}"
        if key == "areas":
            slugs = []
            for part in filter(None, (p.strip() for p in text.split("|"))):
                if fold(part) not in self.areas:
                    raise ValidationError(
                        _("Área de atuação desconhecida: %(area)s.") % {"area": part}
                    )
                slugs.append(self.areas[fold(part)])
            return sorted(set(slugs))
        return text


def _table(text: str, reading: Reading):
    """The header and the lines as dicts, or None with the file-level error recorded."""
    if not text.strip():
        reading.error(None, "file", _("O arquivo está vazio."))
        return None
    if "\x00" in text:
        reading.error(None, "file", _("O arquivo não é um CSV (texto separado por ; ou ,)."))
        return None
    try:
        return _lines(text, reading)
    except csv.Error:
        reading.error(None, "file", _("O arquivo não é um CSV (texto separado por ; ou ,)."))
        return None


def _lines(text: str, reading: Reading):
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [fold(name).strip().replace(" ", "_") for name in next(reader)]
    missing = [column for column in REQUIRED if column not in header]
    for column in missing:
        reading.error(1, column, _("Falta a coluna obrigatória “%(column)s”.") % {"column": column})
    if missing:
        return None
    lines = []
    # Numbered as the spreadsheet shows them: the header is row 1, blank rows count, and a
    # quoted cell spanning lines is still one row.
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(lines) == MAX_ROWS:
            reading.error(
                None,
                "file",
                _("O arquivo tem mais de %(max)s linhas.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
            )
            return None
        values = {
            name: cell.strip() for name, cell in zip(header, cells, strict=False) if name in COLUMNS
        }
        lines.append((number, values))
    if not lines:
        reading.error(None, "file", _("O arquivo não tem nenhuma linha de organização."))
        return None
    return lines


class _Matcher:
    """The organizations the file's rows may update, loaded in two queries: by CNPJ, and by
    name (case ignored) and municipality for rows without a CNPJ."""

    def __init__(self, lines):
        cnpjs = {normalize_document(values.get("cnpj", "")) for _n, values in lines} - {""}
        codes = {
            int(values["municipio_ibge"])
            for _n, values in lines
            if values.get("municipio_ibge", "").isdigit() and len(values["municipio_ibge"]) == 7
        }
        organizations = Organization.objects.select_related("municipality")
        self.by_cnpj = {o.cnpj: o for o in organizations.filter(cnpj__in=cnpjs)}
        self.by_name = {}
        for o in organizations.filter(municipality_id__in=codes):
            self.by_name.setdefault((o.municipality_id, o.name.casefold()), o)

    def __call__(self, row: Row) -> Organization | None:
        if row.data.get("cnpj"):
            return self.by_cnpj.get(row.data["cnpj"])
        name = row.data.get("name", "").casefold()
        return self.by_name.get((row.municipality.pk, name)) if row.municipality else None


def _check_with_models(row: Row, reading: Reading, *, failed: set[str]):
    """The models' own validators (CNPJ digits and uniqueness, lengths, e-mail, URL), except
    on the columns that already failed."""
    candidate = copy.copy(row.target) if row.target else Organization()
    candidate.municipality = row.municipality
    record = OrganizationRecord(organization=candidate)
    for key, value in row.data.items():
        if key in services_registry.ORGANIZATION_FIELDS:
            setattr(candidate, key, value)
        elif key in services_registry.RECORD_FIELDS or key == "founded_on":
            setattr(record, key, value or ("" if key != "founded_on" else None))
    skip = [COLUMNS[column] for column in failed if column in COLUMNS]
    for instance, exclude in ((candidate, skip), (record, [*skip, "organization"])):
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    reading.error(row.number, COLUMN_OF.get(key, key), message)


def _resolve(row: Row, resolver: "_Resolver", reading: Reading):
    for column in REQUIRED:
        if not row.values.get(column):
            reading.error(row.number, column, _("Este campo é obrigatório."))
    for column, text_value in row.values.items():
        if not text_value:
            continue
        try:
            if column == "municipio_ibge":
                row.municipality = resolver.municipality(text_value)
            else:
                row.data[COLUMNS[column]] = resolver.value(COLUMNS[column], text_value)
        except ValidationError as error:
            for message in error.messages:
                reading.error(row.number, column, message)


class _Repeats:
    """Rows of the file that name the same organization twice."""

    def __init__(self):
        self.cnpjs, self.organizations = {}, {}

    def check(self, row: Row, reading: Reading):
        cnpj = row.data.get("cnpj")
        if cnpj and cnpj in self.cnpjs:
            reading.error(
                row.number, "cnpj", _("CNPJ repetido (linha %(row)s).") % {"row": self.cnpjs[cnpj]}
            )
            return
        if cnpj:
            self.cnpjs[cnpj] = row.number
        key = row.target.pk if row.target else None
        if key is None and not cnpj and row.municipality:
            key = (row.municipality.pk, fold(row.data.get("name", "")))
        if key is not None and key in self.organizations:
            reading.error(
                row.number,
                "nome",
                _("Organização repetida (linha %(row)s).") % {"row": self.organizations[key]},
            )
        elif key is not None:
            self.organizations[key] = row.number


def read(text: str, *, by, limit: int | None = None) -> Reading:
    """Every row (or the first `limit`) checked, nothing written; each row reports all its
    errors at once."""
    reading = Reading()
    lines = _table(text, reading)
    if lines is None:
        return reading
    resolver, match, repeats = _Resolver(by), _Matcher(lines[:limit]), _Repeats()
    for number, values in lines[:limit]:
        row = Row(number=number, values=values)
        before = len(reading.errors)
        _resolve(row, resolver, reading)
        row.target = match(row)
        if row.target and not queries.may_manage_organization(by, row.target):
            reading.error(
                number, "cnpj", _("Esta organização é de um estado que você não gerencia.")
            )
            row.target = None
        repeats.check(row, reading)
        failed = {error["field"] for error in reading.errors[before:]}
        if row.municipality is None:
            failed.add("municipio_ibge")
        _check_with_models(row, reading, failed=failed)
        if len(reading.errors) == before:
            reading.rows.append(row)
    return reading


def preview_import(*, by, file_name: str, content) -> ImportBatch:
    """Reads the file and keeps it as a batch: previewed when every row is good, else invalid
    with each row's errors (row numbers as the spreadsheet shows them: the header is row 1)."""
    if not queries.is_society_staff(by):
        raise ValidationError(_("Somente a equipe do estado importa organizações."))
    text = decode(content)
    reading = read(text, by=by)
    text = text.replace("\x00", "")  # the database keeps no NUL; such a file is refused anyway
    return ImportBatch.objects.create(
        file_name=(file_name or "organizacoes.csv")[:200],
        content=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        status=ImportBatch.Status.INVALID if reading.errors else ImportBatch.Status.PREVIEWED,
        row_count=len(reading.rows) + len({e["row"] for e in reading.errors if e["row"]}),
        created_count=reading.new_count,
        updated_count=reading.update_count,
        errors=reading.errors,
        uploaded_by=by,
    )


def _write(row: Row, *, by):
    if row.target is None:
        data = {key: row.data.get(key, "") for key in COLUMN_OF if key != "municipality"}
        data["areas"] = row.data.get("areas", [])
        return services_registry.create_organization(by=by, municipality=row.municipality, **data)
    data = {**row.data, "municipality": row.municipality.pk}
    return services_registry.edit_organization(organization=row.target, by=by, data=data)


def commit_import(*, by, batch: ImportBatch) -> ImportBatch:
    """Writes every row of a previewed batch in one transaction: one failing row, nothing
    written. A batch with errors, or already imported, cannot be committed."""
    started = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ImportBatch.Status.COMMITTED:
            raise ValidationError(_("Esta importação já foi feita."))
        if batch.status != ImportBatch.Status.PREVIEWED:
            raise ValidationError(_("Corrija os erros do arquivo e envie-o de novo."))
        if not queries.is_society_staff(by):
            raise ValidationError(_("Somente a equipe do estado importa organizações."))
        # Read again: the registry may have changed since the preview.
        reading = read(batch.content, by=by)
        if reading.errors:
            first = reading.errors[0]
            raise ValidationError(
                _("Linha %(row)s, coluna %(field)s: %(message)s")
                % {"row": first["row"], "field": first["field"], "message": first["message"]}
            )
        for row in reading.rows:
            try:
                _write(row, by=by)
            except ValidationError as error:
                raise ValidationError(
                    _("Linha %(row)s: %(message)s")
                    % {"row": row.number, "message": "; ".join(error.messages)}
                ) from None
        batch.status = ImportBatch.Status.COMMITTED
        batch.created_count = reading.new_count
        batch.updated_count = reading.update_count
        batch.row_count = len(reading.rows)
        # When the writing started: the organizations created since are this batch's.
        batch.committed_at = started
        batch.save(
            update_fields=["status", "created_count", "updated_count", "row_count", "committed_at"]
        )
    return batch


def preview_rows(batch: ImportBatch, *, by, limit: int = 50) -> list[dict]:
    """The first rows of the file as the preview table shows them (new or update)."""
    if batch.status == ImportBatch.Status.COMMITTED:
        return []
    # Rows with errors are left out, so read a little further than `limit`.
    reading = read(batch.content, by=by, limit=limit + min(len(batch.errors), 200))
    return [
        {
            "number": row.number,
            "name": row.values.get("nome", ""),
            "cnpj": row.data.get("cnpj", ""),
            "municipality": row.municipality,
            "action": _("Atualizar") if row.target else _("Criar"),
        }
        for row in reading.rows[:limit]
    ]


def committed_organizations(batch: ImportBatch, *, limit: int = 200) -> list[tuple]:
    """(organization, created?) for the first rows of a committed batch, matched as the
    commit matched them; created are those the commit wrote first (created since it began)."""
    reading = Reading()
    lines = _table(batch.content, reading) or []
    found = []
    for _number, values in lines[:limit]:
        cnpj = normalize_document(values.get("cnpj", ""))
        organizations = Organization.objects.select_related("municipality__state")
        if cnpj:
            organization = organizations.filter(cnpj=cnpj).first()
        elif values.get("municipio_ibge", "").isdigit():
            organization = organizations.filter(
                municipality_id=int(values["municipio_ibge"]), name__iexact=values.get("nome", "")
            ).first()
        else:
            organization = None
        if organization is not None:
            created = bool(batch.committed_at and organization.created_at >= batch.committed_at)
            found.append((organization, created))
    return found


def same_file_committed(batch: ImportBatch) -> ImportBatch | None:
    """An earlier import of this very file, already committed (to warn before repeating it)."""
    return (
        ImportBatch.objects.filter(sha256=batch.sha256, status=ImportBatch.Status.COMMITTED)
        .exclude(pk=batch.pk)
        .order_by("-committed_at")
        .first()
    )
