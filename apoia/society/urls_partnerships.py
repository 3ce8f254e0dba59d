"""URLs of the partnerships area of society (joined in urls.py)."""

from django.urls import path

from apoia.society import opendata_partnerships as opendata
from apoia.society import views_partnerships as views
from apoia.society import views_partnerships_manage as manage

# Lifecycle actions: (URL segment, action of services_partnerships.allowed_actions).
PARTNERSHIP_ACTIONS = (
    ("selecao", "selection"),
    ("termo", "term"),
    ("aditivos/novo", "amendment"),
    ("relatorios/novo", "report"),
    ("encerramento", "closure"),
    ("cancelamento", "cancellation"),
)
REPORT_ACTIONS = (("recebimento", "receipt"), ("parecer", "opinion"))

urlpatterns: list = [
    path("parcerias/", views.partnership_list, name="partnerships"),
    path("parcerias/nova/", manage.partnership_new, name="partnership_new"),
    path("parcerias/gestao/", manage.partnership_manage_list, name="partnerships_manage"),
    path("parcerias/minhas/", views.partnership_mine, name="partnerships_mine"),
    path("parcerias/dados.csv", opendata.partnerships_csv, name="partnerships_csv"),
    path("parcerias/dados.json", opendata.partnerships_json, name="partnerships_json"),
    path("parcerias/<int:pk>/", views.partnership_detail, name="partnership"),
    *(
        path(
            f"parcerias/<int:pk>/{segment}/",
            manage.partnership_action,
            {"action": action},
            name=f"partnership_{action}",
        )
        for segment, action in PARTNERSHIP_ACTIONS
    ),
    *(
        path(
            f"parcerias/relatorios/<int:pk>/{segment}/",
            manage.report_action,
            {"action": action},
            name=f"partnership_{action}",
        )
        for segment, action in REPORT_ACTIONS
    ),
]
