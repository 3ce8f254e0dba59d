"""Pages of programs part 2 (deliveries); joined into apoia.programs.urls (namespace "programs")."""

from django.urls import path

from apoia.programs import views_deliveries as views

urlpatterns = [
    path("programas/entregas/", views.review_queue, name="delivery_queue"),
    path("programas/entregas/<int:pk>/", views.delivery_detail, name="delivery"),
    path(
        "programas/entregas/<int:pk>/evidencias/",
        views.evidence_send,
        name="delivery_evidence_send",
    ),
    path(
        "programas/entregas/<int:pk>/evidencias/<int:evidence_pk>/",
        views.evidence_download,
        name="delivery_evidence",
    ),
    path("programas/entregas/<int:pk>/envio/", views.delivery_submit, name="delivery_submit"),
    path("programas/entregas/<int:pk>/analise/", views.delivery_review, name="delivery_review"),
    path(
        "programas/entregas/<int:pk>/prorrogacao/",
        views.clarification_ask,
        name="delivery_clarification",
    ),
    path(
        "programas/entregas/<int:pk>/prorrogacao/<int:clarification_pk>/resposta/",
        views.clarification_answer,
        name="delivery_clarification_answer",
    ),
]
