"""Pages of the agenda: theme consultations ("escuta")."""

from django.urls import path

from apoia.agenda import views_consultations as views

urlpatterns = [
    path("agenda/escutas/<int:pk>/", views.consultation, name="consultation"),
    path("agenda/escutas/<int:pk>/temas/", views.propose, name="consultation_propose"),
    path("agenda/escutas/<int:pk>/encerrar/", views.close, name="consultation_close"),
    path("agenda/escutas/temas/<int:pk>/voto/", views.cast_vote, name="consultation_vote"),
    path("agenda/escutas/temas/<int:pk>/escolher/", views.pick, name="consultation_pick"),
    path(
        "agenda/gestao/series/<int:series_pk>/escuta/nova/",
        views.consultation_create,
        name="consultation_create",
    ),
]
