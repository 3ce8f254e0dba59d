"""Pages of the agenda: technical visits from indicators (art. 9º)."""

from django.urls import path

from apoia.agenda import views_visits as views

urlpatterns = [
    path("agenda/gestao/visitas/", views.visit_plans, name="visit_plans"),
    path("agenda/gestao/visitas/nova/", views.visit_plan_new, name="visit_plan_new"),
    path("agenda/gestao/visitas/<int:pk>/", views.visit_plan, name="visit_plan"),
    path(
        "agenda/gestao/visitas/propostas/<int:pk>/aceitar/",
        views.visit_accept,
        name="visit_accept",
    ),
    path(
        "agenda/gestao/visitas/propostas/<int:pk>/descartar/",
        views.visit_drop,
        name="visit_drop",
    ),
    path("agenda/gestao/visitas/propostas/<int:pk>/mover/", views.visit_move, name="visit_move"),
    path(
        "agenda/gestao/eventos/<int:pk>/relatorio-visita/",
        views.visit_report,
        name="visit_report",
    ),
]
