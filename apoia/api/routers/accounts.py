from ninja import Router, Schema

from apoia.accounts.models import Membership
from apoia.api.auth import TokenAuth

router = Router(tags=["contas"])


class OrgUnitRef(Schema):
    slug: str
    name: str
    acronym: str


class MunicipalityRef(Schema):
    ibge: int
    name: str
    uf: str

    @staticmethod
    def resolve_uf(obj):
        return obj.state.uf


class OrganizationRef(Schema):
    id: int
    name: str
    cnpj: str


class MembershipOut(Schema):
    role: str
    org_unit: OrgUnitRef | None
    municipality: MunicipalityRef | None
    organization: OrganizationRef | None


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[str]
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, auth=TokenAuth(), summary="Quem sou eu")
def me(request):
    """A pessoa dona do token: nome, e-mail, papéis e escopos de cada vínculo."""
    user = request.auth
    memberships: list[Membership] = user.active_memberships
    return {
        "email": user.email,
        "full_name": user.full_name,
        "roles": sorted(str(role) for role in user.roles),
        "memberships": memberships,
    }
