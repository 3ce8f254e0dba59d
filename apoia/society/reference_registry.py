"""Reference data of the registry area: areas of work (after the Mapa das OSCs' areas)."""

from apoia.society.models.registry import AreaOfWork

AREAS = [
    ("assistencia-social", "Assistência social"),
    ("cultura-recreacao", "Cultura e recreação"),
    ("educacao-pesquisa", "Educação e pesquisa"),
    ("saude", "Saúde"),
    ("defesa-direitos", "Desenvolvimento e defesa de direitos"),
    ("meio-ambiente", "Meio ambiente e proteção animal"),
    ("habitacao", "Habitação"),
    ("religiao", "Religião"),
    ("patronais-profissionais", "Associações patronais e profissionais"),
    ("desenvolvimento-rural", "Desenvolvimento rural e agricultura familiar"),
    ("outras", "Outras atividades associativas"),
]


def load() -> str:
    for order, (slug, name) in enumerate(AREAS):
        AreaOfWork.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
    return f"registry: {len(AREAS)} áreas de atuação"
