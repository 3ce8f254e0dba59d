"""Pages of the agenda: reach."""

from django.urls import path

from apoia.agenda import views_reach as views

urlpatterns = [
    path("agenda/gestao/alcance/", views.reach, name="reach"),
]
