"""Demo requests, so a fresh `make run` shows queues, deadlines and timelines in use."""

import datetime as dt

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from apoia.accounts.models import User
from apoia.catalog.models import Service
from apoia.protocol import services
from apoia.protocol.models import ServiceRequest
from apoia.territory.models import Municipality

DEMO_DOMAIN = "@exemplo.demo"


def _ago(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _citizen(name: str, email: str, document: str) -> services.RequesterData:
    return services.RequesterData(name=name, email=email, document=document)


def load_demo_requests() -> int:
    """Six requests of invented citizens in different states, and those the demo focal
    point, representative and citizen filed (so their "Meus pedidos" shows real use); each
    set once."""
    # Mail goes nowhere: the demo must not write to invented people. The notifications run
    # on commit, so the override wraps the whole transaction.
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    with override_settings(EMAIL_BACKEND=locmem), transaction.atomic():
        return _create_demo_requests() + _create_requesters_requests()


def _create_requesters_requests() -> int:
    """The demo logins without a staff role file requests too: the focal point of Campo Grande
    (one awaiting her answer, one to rate, one new), the association's representative (one in
    progress, one refused he may appeal) and Cecília, a citizen (one new, one rated)."""
    people = {u.email: u for u in User.objects.filter(email__endswith="@apoia.demo")}
    municipal = people.get("municipio@apoia.demo")
    representative = people.get("osc@apoia.demo")
    citizen = people.get("cidadao@apoia.demo")
    coordinator = people.get("coordenador@apoia.demo")
    technician = people.get("tecnico@apoia.demo")
    filers = [p for p in (municipal, representative, citizen) if p is not None]
    if not (filers and coordinator and technician):
        return 0
    if ServiceRequest.objects.filter(requester__in=filers).exists():
        return 0
    community = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    training = community.options.get(slug="formacao-capacitacao")
    regularization = community.options.get(slug="apoio-regularizacao-osc")
    created = 0

    def file(by, option, description, days):
        nonlocal created
        created += 1
        return services.submit_request(
            service=community,
            option=option,
            description=description,
            by=by,
            received_at=_ago(days),
        )

    if municipal is not None:
        waiting = file(
            municipal,
            training,
            "Oficina para os conselhos comunitários dos bairros da região do Prosa.",
            12,
        )
        services.decide(waiting, accepted=True, by=coordinator, assignee=technician)
        services.wait_for_requester(
            waiting,
            message="Envie a lista dos conselhos participantes e as datas possíveis.",
            by=technician,
        )
        done = file(
            municipal,
            regularization,
            "Orientação às associações de moradores sobre a renovação das diretorias.",
            28,
        )
        services.decide(done, accepted=True, by=coordinator, assignee=technician)
        services.conclude(
            done, outcome="Orientação realizada em reunião na prefeitura.", by=technician
        )
        file(municipal, training, "Capacitação de lideranças para o orçamento participativo.", 1)
    if representative is not None:
        handling = file(
            representative,
            regularization,
            "Apoio para atualizar o estatuto da associação ao Código Civil.",
            6,
        )
        services.decide(handling, accepted=True, by=coordinator, assignee=technician)
        services.record_contact(
            handling, channel="phone", summary="Combinada reunião na associação.", by=technician
        )
        refused = file(representative, training, "Curso de fotografia para os jovens do bairro.", 9)
        services.decide(
            refused,
            accepted=False,
            reason="out_of_scope",
            justification="Cursos de fotografia não fazem parte deste serviço, que orienta a "
            "criação e o fortalecimento de associações.",
            by=coordinator,
        )
    if citizen is not None:
        file(citizen, training, "Quero criar uma associação de moradores na minha rua.", 3)
        rated = file(citizen, regularization, "Como registrar a ata de fundação da associação?", 20)
        services.decide(rated, accepted=True, by=coordinator, assignee=technician)
        services.conclude(
            rated, outcome="Ata registrada com a orientação da equipe.", by=technician
        )
        services.rate(rated, score=4, comment="Bom atendimento.", by=citizen)
    return created


def _create_demo_requests() -> int:
    if ServiceRequest.objects.filter(requester_email__endswith=DEMO_DOMAIN).exists():
        return 0
    people = {u.email: u for u in User.objects.filter(email__endswith="@apoia.demo")}
    coordinator = people.get("coordenador@apoia.demo")
    technician = people.get("tecnico@apoia.demo")
    if not (coordinator and technician):
        return 0
    community = Service.objects.get(slug="orientacao-associacoes-comunitarias")
    training = community.options.get(slug="formacao-capacitacao")
    regularization = community.options.get(slug="apoio-regularizacao-osc")
    campo_grande = Municipality.objects.get(ibge=5002704)
    dourados = Municipality.objects.get(ibge=5003702)

    new = services.submit_request(
        service=community,
        option=training,
        description="Formação para a nova diretoria da associação de moradores: estatuto, "
        "atas e prestação de contas.",
        requester=_citizen("Joana Pereira", f"joana{DEMO_DOMAIN}", "52998224725"),
        organization=services.OrganizationData(
            name="Associação de Moradores do Jardim Aurora", cnpj="11222333000181"
        ),
        municipality=campo_grande,
        suggested_dates="Duas manhãs entre 10 e 14 de março",
        suggested_agenda="1º dia: estatuto e assembleias. 2º dia: prestação de contas.",
        received_at=_ago(2),
    )
    in_progress = services.submit_request(
        service=community,
        option=regularization,
        description="Precisamos regularizar a associação: o CNPJ está inapto desde 2022.",
        requester=_citizen("Rui Souza", f"rui{DEMO_DOMAIN}", "11144477735"),
        organization=services.OrganizationData(name="Cooperativa de Artesãs de Dourados"),
        municipality=dourados,
        received_at=_ago(9),
    )
    services.decide(in_progress, accepted=True, by=coordinator, assignee=technician)
    services.record_contact(
        in_progress,
        channel="phone",
        summary="Conversa com o Sr. Rui; pedi a ata da última assembleia e o estatuto.",
        by=technician,
    )
    services.wait_for_requester(
        in_progress, message="Envie a ata da última assembleia e o estatuto.", by=technician
    )
    late = services.submit_request(
        service=community,
        option=training,
        description="Capacitação de lideranças comunitárias da região do Anhanduizinho.",
        requester=_citizen("Célia Ramos", f"celia{DEMO_DOMAIN}", "52998224725"),
        municipality=campo_grande,
        received_at=_ago(25),
    )
    refused = services.submit_request(
        service=community,
        option=training,
        description="Queremos um curso de informática para os moradores.",
        requester=_citizen("Paulo Lima", f"paulo{DEMO_DOMAIN}", "11144477735"),
        municipality=campo_grande,
        received_at=_ago(15),
    )
    services.decide(
        refused,
        accepted=False,
        reason="out_of_scope",
        justification="Cursos de informática não fazem parte deste serviço, que orienta a "
        "criação e o fortalecimento de associações. Procure a Fundação de Trabalho.",
        by=coordinator,
    )
    done = services.submit_request(
        service=community,
        option=regularization,
        description="Orientação para registrar o estatuto da associação em cartório.",
        requester=_citizen("Ana Dias", f"ana{DEMO_DOMAIN}", "52998224725"),
        municipality=campo_grande,
        received_at=_ago(30),
    )
    services.decide(done, accepted=True, by=coordinator, assignee=technician)
    services.record_contact(done, channel="meeting", summary="Reunião na SEC.", by=technician)
    services.conclude(done, outcome="Estatuto revisado e registrado em cartório.", by=technician)
    services.rate(done, score=5, comment="Atendimento rápido e muito claro.", holds_code=True)
    services.submit_request(
        service=Service.objects.get(slug="ouvidoria-reclamacao"),
        subject="Telefone da subsecretaria não atende",
        description="Liguei três dias seguidos para o (67) 3323-7229 e ninguém atendeu.",
        requester=_citizen("Marcos Teles", f"marcos{DEMO_DOMAIN}", "11144477735"),
        received_at=_ago(4),
    )
    return len([new, in_progress, late, refused, done]) + 1
