"""URLs of the legislative desk's bills (joined in urls.py; the app is at /legislativo/)."""

from django.urls import path

from apoia.legislative import views_bills as views
from apoia.legislative import views_dashboard

urlpatterns: list = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("proposicoes/", views.bill_list, name="bills"),
    path("proposicoes/nova/", views.bill_new, name="bill_new"),
    path("proposicoes/<int:pk>/", views.bill_detail, name="bill"),
    path("proposicoes/<int:pk>/editar/", views.bill_edit, name="bill_edit"),
    path("proposicoes/<int:pk>/andamento/", views.bill_status, name="bill_status"),
    path("proposicoes/<int:pk>/pareceres/", views.bill_routing, name="bill_routing"),
    path("proposicoes/<int:pk>/consolidacao/", views.bill_consolidation, name="bill_consolidation"),
    path("pareceres/<int:pk>/responder/", views.opinion_answer, name="opinion_answer"),
    path("pareceres/<int:pk>/cancelar/", views.opinion_cancel, name="opinion_cancel"),
]
