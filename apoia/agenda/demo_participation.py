"""Demo of public participation: the minutes of a past hearing and the organizations of the
registry that took part (the shared demo organizations of accounts)."""

from apoia.accounts.demo_organizations import demo_organization
from apoia.agenda.models import Event, EventType

HEARING = "Audiência pública: parcerias com organizações da sociedade civil"
MINUTES = (
    "Abertura pela Subsecretaria de Políticas Públicas para Assuntos Comunitários, que "
    "apresentou a minuta do chamamento público 2026 (termos de fomento, Lei 13.019/2014).\n\n"
    "Manifestações: a APAE de Dourados pediu prazo maior para a apresentação das propostas; a "
    "Cooperativa de Catadores de Corumbá pediu que a contrapartida em bens e serviços seja "
    "aceita; o Coletivo Mulheres do Jardim Noroeste perguntou como um coletivo sem CNPJ pode "
    "participar.\n\n"
    "Encaminhamentos: o prazo de propostas passa a 45 dias; a Subsecretaria oferece apoio à "
    "regularização dos coletivos interessados (serviço da Carta de Serviços)."
)
PARTICIPANTS = ("apae-dourados", "coop-corumba", "coletivo-cg", "demo")


def load() -> str:
    hearing = Event.objects.filter(title=HEARING, type=EventType.AUDIENCIA_PUBLICA).first()
    if hearing is None or hearing.minutes:
        return ""
    hearing.minutes = MINUTES
    hearing.save(update_fields=["minutes"])
    hearing.participating_organizations.set([demo_organization(key) for key in PARTICIPANTS])
    return "agenda: ata e participantes de 1 audiência pública"
