"""Pages of programs part 2 (meetings); joined into apoia.programs.urls (namespace "programs")."""

from django.urls import path

from apoia.programs import views_meetings

urlpatterns = [
    path("programas/gestao/<slug:slug>/reunioes/", views_meetings.meeting_list, name="meetings"),
    path(
        "programas/gestao/<slug:slug>/reunioes/nova/",
        views_meetings.meeting_new,
        name="meeting_new",
    ),
    path("programas/reunioes/", views_meetings.my_meetings, name="my_meetings"),
    path("programas/reunioes/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path(
        "programas/reunioes/<int:pk>/presencas/",
        views_meetings.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "programas/reunioes/<int:pk>/ata/", views_meetings.meeting_minutes, name="meeting_minutes"
    ),
    path(
        "programas/reunioes/<int:pk>/decisoes/",
        views_meetings.meeting_decision,
        name="meeting_decision",
    ),
    path(
        "programas/reunioes/<int:pk>/realizada/", views_meetings.meeting_hold, name="meeting_hold"
    ),
    path(
        "programas/reunioes/<int:pk>/cancelar/",
        views_meetings.meeting_cancel,
        name="meeting_cancel",
    ),
]
