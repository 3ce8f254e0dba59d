"""URLs of the registry area of society (joined in urls.py)."""

from django.urls import path

from apoia.society import views_registry as views
from apoia.society import views_registry_import as imports
from apoia.society import views_registry_review as review

urlpatterns: list = [
    path("organizacoes/", views.registry, name="registry"),
    path("organizacoes/dados.csv", views.open_data_csv, name="registry_csv"),
    path("organizacoes/dados.json", views.open_data_json, name="registry_json"),
    path("organizacoes/nova/", review.organization_new, name="organization_new"),
    path("organizacoes/importar/", imports.import_upload, name="registry_import"),
    path(
        "organizacoes/importar/modelo.csv", imports.import_example, name="registry_import_example"
    ),
    path("organizacoes/importar/<int:pk>/", imports.import_batch, name="registry_import_batch"),
    path(
        "organizacoes/importar/<int:pk>/importar/",
        imports.import_commit,
        name="registry_import_commit",
    ),
    path("organizacoes/<int:pk>/", views.organization_detail, name="organization"),
    path("organizacoes/<int:pk>/editar/", review.organization_edit, name="organization_edit"),
    path("organizacoes/alteracoes/", review.change_list, name="registry_changes"),
    path("organizacoes/alteracoes/<int:pk>/", review.change_detail, name="registry_change"),
]
