"""URLs of the councils area of society (joined in urls.py)."""

from django.urls import path

from apoia.society import views_councils as views
from apoia.society import views_councils_manage as manage

urlpatterns: list = [
    path("conselhos/", views.council_list, name="councils"),
    path("conselhos/novo/", manage.council_new, name="council_new"),
    path("conselhos/<int:pk>/", views.council_detail, name="council"),
    path("conselhos/<int:pk>/editar/", manage.council_edit, name="council_edit"),
    path("conselhos/<int:pk>/cadeiras/nova/", manage.seat_new, name="council_seat_new"),
    path("conselhos/<int:pk>/reunioes/nova/", manage.meeting_new, name="council_meeting_new"),
    path(
        "conselhos/<int:pk>/reunioes/<int:meeting_pk>/",
        views.meeting_detail,
        name="council_meeting",
    ),
    path(
        "conselhos/<int:pk>/resolucoes/nova/",
        manage.resolution_new,
        name="council_resolution_new",
    ),
    path(
        "conselhos/cadeiras/<int:pk>/mandatos/novo/",
        manage.mandate_new,
        name="council_mandate_new",
    ),
    path(
        "conselhos/mandatos/<int:pk>/corrigir/",
        manage.mandate_edit,
        name="council_mandate_edit",
    ),
    path("conselhos/reunioes/<int:pk>/presencas/", manage.attendance, name="council_attendance"),
    path("conselhos/reunioes/<int:pk>/ata/", manage.minutes, name="council_minutes"),
]
