"""Strategic projects (issue 10, item 9); joined into apoia.programs.urls (namespace
"programs")."""

from django.urls import path

from apoia.programs import views_projects as views

urlpatterns = [
    path("projetos/", views.project_list, name="projects"),
    path("projetos/<slug:slug>/", views.project_detail, name="project"),
    path("projetos/<slug:slug>/aprovar/", views.project_approve, name="project_approve"),
]
