"""Pages of the agenda: one-to-one support appointments (art. 6º, II)."""

from django.urls import path

from apoia.agenda import views_appointments as views

urlpatterns = [
    path("agenda/atendimentos/", views.slots, name="slots"),
    path("agenda/atendimentos/horarios/<int:pk>/agendar/", views.book, name="appointment_book"),
    path("agenda/atendimentos/<int:pk>/", views.appointment, name="appointment"),
    path("agenda/atendimentos/<int:pk>/cancelar/", views.cancel, name="appointment_cancel"),
    path("agenda/atendimentos/<int:pk>/remarcar/", views.reschedule, name="appointment_reschedule"),
    path("agenda/gestao/atendimentos/", views.staff_slots, name="staff_slots"),
    path("agenda/gestao/atendimentos/novo/", views.slot_new, name="appointment_slot_new"),
    path(
        "agenda/gestao/atendimentos/<int:pk>/retirar/",
        views.slot_withdraw,
        name="appointment_slot_withdraw",
    ),
]
