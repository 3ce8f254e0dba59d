"""Reference data of the regularization area: the checklist's requirements (idempotent, keyed
by slug; admins may add more, reorder or retire them afterwards)."""

from apoia.society.models.regularization import Requirement

CONSTITUTION = "Constituição"
CERTIFICATES = "Certidões"
FINANCIAL = "Financeiro"
CERTIFICATIONS = "Certificações"

# slug, name, group, has_expiry, description
REQUIREMENTS = [
    (
        "estatuto-registrado",
        "Estatuto registrado em cartório",
        CONSTITUTION,
        False,
        "Estatuto social, com as alterações, registrado no cartório de pessoas jurídicas.",
    ),
    (
        "ata-eleicao",
        "Ata de eleição da diretoria atual",
        CONSTITUTION,
        False,
        "Ata da assembleia que elegeu a diretoria em exercício, registrada em cartório.",
    ),
    (
        "mandato-diretoria",
        "Mandato da diretoria vigente",
        CONSTITUTION,
        True,
        "A validade é o fim do mandato da diretoria eleita.",
    ),
    (
        "cnpj-ativo",
        "CNPJ ativo (comprovante de situação cadastral)",
        CONSTITUTION,
        False,
        "Comprovante de inscrição e de situação cadastral emitido pela Receita Federal.",
    ),
    (
        "certidao-federal",
        "Certidão de débitos federais (Receita Federal/PGFN)",
        CERTIFICATES,
        True,
        "Certidão negativa (ou positiva com efeitos de negativa) de débitos relativos a "
        "tributos federais e à dívida ativa da União.",
    ),
    ("certidao-estadual", "Certidão negativa de débitos estaduais", CERTIFICATES, True, ""),
    ("certidao-municipal", "Certidão negativa de débitos municipais", CERTIFICATES, True, ""),
    (
        "crf-fgts",
        "CRF do FGTS",
        CERTIFICATES,
        True,
        "Certificado de Regularidade do FGTS, emitido pela Caixa.",
    ),
    (
        "cndt",
        "CNDT trabalhista",
        CERTIFICATES,
        True,
        "Certidão Negativa de Débitos Trabalhistas, emitida pelo Tribunal Superior do Trabalho.",
    ),
    (
        "conta-bancaria",
        "Conta bancária específica",
        FINANCIAL,
        False,
        "Conta em nome da organização, exigida para receber recursos de parcerias.",
    ),
    (
        "cebas",
        "CEBAS",
        CERTIFICATIONS,
        True,
        "Certificação de Entidade Beneficente de Assistência Social, quando houver.",
    ),
    ("oscip", "Qualificação como OSCIP", CERTIFICATIONS, False, "Lei 9.790/1999, quando houver."),
    (
        "utilidade-publica",
        "Título de utilidade pública",
        CERTIFICATIONS,
        False,
        "Lei estadual ou municipal que declara a organização de utilidade pública, quando houver.",
    ),
]


def load() -> str:
    for order, (slug, name, group, has_expiry, description) in enumerate(REQUIREMENTS, start=1):
        fields = {
            "name": name,
            "group": group,
            "has_expiry": has_expiry,
            "description": description,
        }
        # The order is set once: an admin's reordering survives the next load.
        Requirement.objects.update_or_create(
            slug=slug, defaults=fields, create_defaults={**fields, "order": order * 10}
        )
    return f"regularização: {len(REQUIREMENTS)} itens"
