from django.urls import path

from apoia.programs import (
    urls_deliveries,
    urls_meetings,
    urls_monitoring,
    urls_projects,
    urls_report,
    views_challenges,
    views_menu,
    views_plans,
    views_public,
    views_staff,
)

app_name = "programs"
# Part 2 (deliveries and evidence, monitoring and transparency, meetings) first: their
# fixed words ("entregas", "monitoramento"…) must win over the public <slug> patterns.
urlpatterns = [
    *urls_deliveries.urlpatterns,
    *urls_monitoring.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_report.urlpatterns,
    *urls_projects.urlpatterns,
    # Staff first: "gestao" and "adesoes" are not program slugs.
    path("programas/gestao/", views_staff.programs, name="staff_programs"),
    path("programas/gestao/<slug:slug>/", views_staff.program, name="staff_program"),
    path("programas/gestao/<slug:slug>/editar/", views_staff.program_edit, name="program_edit"),
    path(
        "programas/gestao/<slug:slug>/fases/<slug:phase>/",
        views_staff.phase_edit,
        name="staff_phase",
    ),
    path("programas/gestao/<slug:slug>/adesoes/", views_staff.adhesions, name="staff_adhesions"),
    path("programas/adesoes/<int:pk>/", views_staff.adhesion, name="adhesion"),
    path("programas/adesoes/<int:pk>/termo.pdf", views_staff.term_pdf, name="term_pdf"),
    path("programas/adesoes/<int:pk>/desistencia/", views_staff.withdraw, name="withdraw"),
    path("programas/adesoes/<int:pk>/renovacao/", views_staff.renew, name="renew"),
    # Challenges and the action menu (views_challenges, views_menu).
    path("programas/gestao/<slug:slug>/cardapio/", views_menu.menu_editor, name="menu_editor"),
    path("programas/gestao/<slug:slug>/cardapio/nova/", views_menu.action_edit, name="action_new"),
    path(
        "programas/gestao/<slug:slug>/cardapio/<int:pk>/",
        views_menu.action_edit,
        name="action_edit",
    ),
    path(
        "programas/gestao/<slug:slug>/desafios/novo/",
        views_challenges.challenge_edit,
        name="challenge_new",
    ),
    path(
        "programas/gestao/<slug:slug>/desafios/<int:pk>/",
        views_challenges.challenge_edit,
        name="challenge_edit",
    ),
    path("programas/adesoes/<int:pk>/sugestoes/", views_menu.suggestions, name="suggestions"),
    # Municipal action plans (views_plans).
    path("programas/adesoes/<int:pk>/plano/", views_plans.plan_edit, name="plan_edit"),
    path("programas/planos/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("programas/planos/<int:pk>/envio/", views_plans.plan_submit, name="plan_submit"),
    path("programas/planos/<int:pk>/analise/", views_plans.plan_decide, name="plan_decide"),
    path("programas/gestao/<slug:slug>/planos/", views_plans.plan_queue, name="plan_queue"),
    path("programas/<slug:slug>/cardapio/", views_menu.menu, name="menu"),
    path("programas/<slug:slug>/desafios/", views_challenges.challenge_list, name="challenges"),
    path(
        "programas/<slug:slug>/desafios/<slug:challenge>/",
        views_challenges.challenge_detail,
        name="challenge",
    ),
    path(
        "programas/<slug:slug>/desafios/<slug:challenge>/ajustar/",
        views_challenges.challenge_adjust,
        name="challenge_adjust",
    ),
    path(
        "programas/<slug:slug>/desafios/<slug:challenge>/recalcular/",
        views_challenges.challenge_recompute,
        name="challenge_recompute",
    ),
    # Public
    path("programas/", views_public.program_list, name="list"),
    path("programas/<slug:slug>/", views_public.program_detail, name="detail"),
    path("programas/<slug:slug>/aderir/", views_public.adhere, name="adhere"),
    path("verificar/<str:code>/", views_public.verify, name="verify"),
]
