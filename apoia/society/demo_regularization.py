"""Demo data of the regularization area: the checklists of three demo organizations with a
mix of statuses, certificates expiring within 30 days and one expired, and the demo's
regularization requests linked. Idempotent: an item is filled only while untouched (missing,
no date, no reference), so a second run changes nothing."""

import datetime as dt

from django.utils import timezone

from apoia.accounts.demo_organizations import demo_organization
from apoia.accounts.models import User
from apoia.protocol.models import ServiceRequest
from apoia.society import reference_regularization
from apoia.society.models.regularization import Checklist, ItemStatus
from apoia.society.queries_regularization import REGULARIZATION_OPTION
from apoia.society.services_regularization import sync_items

V, S, M = ItemStatus.VALID, ItemStatus.SENT, ItemStatus.MISSING

# organization key -> {requirement slug: (status, days to expiry or None, reference)}
PLANS = {
    "demo": {
        "estatuto-registrado": (V, None, "Registro nº 1.234, 1º Cartório de Pessoas Jurídicas"),
        "ata-eleicao": (V, None, "Ata de 15/01/2024, averbada no registro nº 1.234"),
        "mandato-diretoria": (V, 700, "Mandato da diretoria até dezembro de 2027"),
        "cnpj-ativo": (V, None, "Comprovante emitido no site da Receita Federal"),
        "certidao-federal": (V, 120, "Certidão conjunta RFB/PGFN"),
        "certidao-estadual": (V, 12, "Certidão SEFAZ-MS"),
        "certidao-municipal": (V, -5, "Certidão da Prefeitura de Campo Grande"),
        "crf-fgts": (V, 20, "CRF emitido no site da Caixa"),
        "cndt": (S, 150, "CNDT enviada por e-mail em 20/11"),
        "conta-bancaria": (V, None, "Banco do Brasil, agência 1234-5"),
    },
    "apae-dourados": {
        "estatuto-registrado": (V, None, "Registro nº 88, Cartório de Dourados"),
        "ata-eleicao": (V, None, "Ata de 10/03/2025"),
        "mandato-diretoria": (V, 460, "Mandato até março de 2028"),
        "cnpj-ativo": (V, None, "Comprovante da Receita Federal"),
        "certidao-federal": (V, 95, "Certidão conjunta RFB/PGFN"),
        "certidao-estadual": (V, 60, "Certidão SEFAZ-MS"),
        "certidao-municipal": (V, 45, "Certidão da Prefeitura de Dourados"),
        "crf-fgts": (V, 27, "CRF emitido no site da Caixa"),
        "cndt": (V, 170, "CNDT do TST"),
        "conta-bancaria": (V, None, "Caixa, agência 0562"),
        "cebas": (V, 25, "Portaria de renovação do CEBAS"),
        "utilidade-publica": (V, None, "Lei municipal nº 1.234/1985"),
    },
    "coop-corumba": {
        "estatuto-registrado": (V, None, "Registro na Junta Comercial de MS"),
        "cnpj-ativo": (S, None, "Comprovante enviado pela cooperativa"),
        "ata-eleicao": (S, None, "Ata da assembleia de 2025, enviada para conferência"),
    },
}


def load() -> list[str]:
    reference_regularization.load()
    today = timezone.localdate()
    technician = User.objects.filter(email="tecnico@apoia.demo").first()
    lines = []
    for key, plan in PLANS.items():
        organization = demo_organization(key)
        checklist, _ = Checklist.objects.get_or_create(
            organization=organization, defaults={"opened_by": technician}
        )
        sync_items(checklist)
        for item in checklist.items.select_related("requirement"):
            if item.requirement.slug not in plan:
                continue
            untouched = item.status == M and item.expires_on is None and not item.reference
            if not untouched:
                continue
            status, days, reference = plan[item.requirement.slug]
            item.status = status
            item.expires_on = today + dt.timedelta(days=days) if days is not None else None
            item.reference = reference
            item.updated_by = technician
            item.save()
        requests = ServiceRequest.objects.filter(
            option__slug=REGULARIZATION_OPTION, organization=organization
        )
        checklist.requests.add(*requests)
        lines.append(
            f"regularization: {organization.name} (/organizacoes/{organization.pk}/regularizacao/)"
        )
    return lines
