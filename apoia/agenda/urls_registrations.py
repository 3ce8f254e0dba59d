"""Pages of the agenda: registrations, check-in and certificates."""

from django.urls import path

from apoia.agenda import views_certificates, views_checkin, views_registrations

urlpatterns = [
    path(
        "agenda/minhas-inscricoes/", views_registrations.my_registrations, name="my_registrations"
    ),
    path("agenda/inscricoes/<str:code>/", views_registrations.registration, name="registration"),
    path(
        "agenda/inscricoes/<str:code>/cancelar/",
        views_registrations.cancel,
        name="registration_cancel",
    ),
    path(
        "agenda/inscricoes/<str:code>/avaliacao/",
        views_registrations.feedback,
        name="registration_feedback",
    ),
    path(
        "agenda/inscricoes/<str:code>/certificado.pdf",
        views_certificates.pdf,
        name="registration_certificate_pdf",
    ),
    path(
        "agenda/eventos/<int:pk>/inscricao/",
        views_registrations.register,
        name="registration_new",
    ),
    path(
        "agenda/eventos/<int:pk>/presenca/",
        views_registrations.online_checkin,
        name="registration_online_checkin",
    ),
    path("agenda/gestao/eventos/<int:pk>/presencas/", views_checkin.checkin, name="checkin"),
    path(
        "agenda/gestao/eventos/<int:pk>/presencas/codigo/",
        views_checkin.checkin_code,
        name="checkin_code",
    ),
    path(
        "agenda/gestao/eventos/<int:pk>/presencas/lista/",
        views_checkin.checkin_list,
        name="checkin_list",
    ),
    path(
        "agenda/gestao/eventos/<int:pk>/presencas/codigo-online/",
        views_checkin.attendance_code,
        name="checkin_attendance_code",
    ),
    path(
        "agenda/gestao/eventos/<int:pk>/presencas.csv",
        views_checkin.checkin_csv,
        name="checkin_csv",
    ),
    path(
        "agenda/gestao/eventos/<int:pk>/certificados/",
        views_certificates.issue,
        name="certificates_issue",
    ),
    path(
        "agenda/gestao/certificados/<str:code>/revogar/",
        views_certificates.revoke,
        name="certificate_revoke",
    ),
    path("certificados/", views_certificates.lookup, name="certificate_lookup"),
    path("certificados/<str:code>/", views_certificates.verify, name="verify_certificate"),
]
