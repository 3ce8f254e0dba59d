"""URLs of the regularization area of society (joined in urls.py)."""

from django.urls import path

from apoia.society import views_regularization as views

urlpatterns: list = [
    path("regularizacao/", views.checklist_list, name="checklists"),
    path("organizacoes/<int:pk>/regularizacao/", views.checklist, name="checklist"),
    path("organizacoes/<int:pk>/regularizacao/abrir/", views.checklist_open, name="checklist_open"),
    path(
        "organizacoes/<int:pk>/regularizacao/itens/<slug:slug>/",
        views.checklist_item,
        name="checklist_item",
    ),
]
