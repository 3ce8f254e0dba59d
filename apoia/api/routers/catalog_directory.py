"""The public directory, `GET /directory?theme=&q=&uf=`: the same list as /fale-conosco/."""

from ninja import Field, Query, Router, Schema

from apoia.catalog.directory import directory

router = Router(tags=["fale com a gente"])


class DirectoryServiceOut(Schema):
    slug: str
    name: str


class DirectoryUnitOut(Schema):
    slug: str
    name: str
    acronym: str
    uf: str
    email: str
    emails: list[str]
    phones: str
    themes: list[str]
    services: list[DirectoryServiceOut]


class DirectoryFilters(Schema):
    theme: str = Field("", max_length=100, description="Slug ou nome do tema; acentos ignorados.")
    q: str = Field("", max_length=100, description="Palavras no nome, sigla ou atribuições.")
    uf: str = Field("", pattern="^([A-Za-z]{2})?$", description="Sigla do estado.")


@router.get(
    "/directory",
    response=list[DirectoryUnitOut],
    summary="Fale com a gente: unidades, contatos, temas e serviços",
)
def list_directory(request, filters: Query[DirectoryFilters]):
    return [
        {
            "slug": e.unit.slug,
            "name": e.unit.name,
            "acronym": e.unit.acronym,
            "uf": e.unit.state.uf,
            "email": e.emails[0] if e.emails else "",
            "emails": list(e.emails),
            "phones": e.unit.phones,
            "themes": [t.name for t in e.themes],
            "services": [{"slug": s.slug, "name": s.name} for s in e.services],
        }
        for e in directory(theme=filters.theme, q=filters.q, uf=filters.uf)
    ]
