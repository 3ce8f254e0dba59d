"""URLs of the registry area of society (joined in urls.py)."""

from django.urls import path

from apoia.society import views_registry as views

urlpatterns: list = [
    path("organizacoes/", views.registry, name="registry"),
    path("organizacoes/dados.csv", views.open_data_csv, name="registry_csv"),
    path("organizacoes/dados.json", views.open_data_json, name="registry_json"),
    path("organizacoes/<int:pk>/", views.organization_detail, name="organization"),
]
