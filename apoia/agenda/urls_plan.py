"""Pages of the agenda: the annual technical-support plan (public) and its staff pages."""

from django.urls import path

from apoia.agenda import views_plan as views

PLAN = "agenda/planos/<str:uf>/<int:year>/"

urlpatterns = [
    path("agenda/planos/", views.plans, name="plans"),
    path("agenda/planos/novo/", views.plan_create, name="plan_create"),
    path("agenda/planos/eixos/novo/", views.axis_create, name="plan_axis_create"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "editar/", views.plan_edit, name="plan_edit"),
    path(PLAN + "execucao/", views.plan_execution, name="plan_execution"),
    path(PLAN + "execucao.pdf", views.plan_execution_pdf, name="plan_execution_pdf"),
    path(PLAN + "execucao.xlsx", views.plan_execution_xlsx, name="plan_execution_xlsx"),
    path(PLAN + "acoes/nova/", views.entry_create, name="plan_entry_create"),
    path(PLAN + "acoes/<int:pk>/editar/", views.entry_edit, name="plan_entry_edit"),
    path(PLAN + "acoes/<int:pk>/situacao/", views.entry_status, name="plan_entry_status"),
]
