"""URLs of the partnerships area of society (joined in urls.py)."""

from django.urls import path

from apoia.society import views_partnerships as views

urlpatterns: list = [
    path("parcerias/", views.partnership_list, name="partnerships"),
    path("parcerias/<int:pk>/", views.partnership_detail, name="partnership"),
]
