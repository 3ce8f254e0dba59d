"""Pages of the agenda: events, series, the NEEP's validation queue and the calendars."""

from django.urls import path

from apoia.agenda import views_calendar, views_events, views_participation, views_staff_events

staff = views_staff_events

urlpatterns = [
    path("agenda/", views_events.index, name="index"),
    path("agenda/mes/<int:year>/<int:month>/", views_events.month, name="month"),
    path("agenda/eventos/<int:pk>/", views_events.event_detail, name="event"),
    path("agenda/series/<int:pk>/", views_events.series_detail, name="series"),
    path("agenda/ical/programas/<slug:slug>.ics", views_calendar.ical_program, name="ical_program"),
    path("agenda/ical/unidades/<slug:slug>.ics", views_calendar.ical_unit, name="ical_unit"),
    path("agenda/ical/pessoal/<str:token>.ics", views_calendar.ical_private, name="ical_private"),
    path("agenda/ical/<str:uf>.ics", views_calendar.ical_state, name="ical_state"),
    path("agenda/minha-agenda/", views_calendar.my_calendar, name="my_calendar"),
    path(
        "agenda/minha-agenda/novo-endereco/",
        views_calendar.regenerate,
        name="events_calendar_regenerate",
    ),
    path("agenda/gestao/", staff.staff_home, name="staff_home"),
    path("agenda/gestao/eventos/novo/", staff.event_create, name="events_create"),
    path("agenda/gestao/eventos/<int:pk>/editar/", staff.event_edit, name="events_edit"),
    path("agenda/gestao/eventos/<int:pk>/enviar/", staff.event_send, name="events_send"),
    path("agenda/gestao/eventos/<int:pk>/cancelar/", staff.event_cancel, name="events_cancel"),
    path("agenda/gestao/eventos/<int:pk>/mudar-data/", staff.event_move, name="events_move"),
    path(
        "agenda/gestao/eventos/<int:pk>/ata/",
        views_participation.event_participation,
        name="events_participation",
    ),
    path("agenda/gestao/series/nova/", staff.series_create, name="events_series_create"),
    path("agenda/gestao/series/<int:pk>/enviar/", staff.series_send, name="events_series_send"),
    path("agenda/validacao/", staff.validation_queue, name="validation_queue"),
    path("agenda/validacao/<int:pk>/aprovar/", staff.validation_approve, name="events_approve"),
    path("agenda/validacao/<int:pk>/devolver/", staff.validation_return, name="events_return"),
]
