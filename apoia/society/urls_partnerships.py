"""URLs of the partnerships area of society (joined in urls.py)."""

from django.urls import path

from apoia.society import opendata_partnerships as opendata
from apoia.society import views_partnerships as views

urlpatterns: list = [
    path("parcerias/", views.partnership_list, name="partnerships"),
    path("parcerias/dados.csv", opendata.partnerships_csv, name="partnerships_csv"),
    path("parcerias/dados.json", opendata.partnerships_json, name="partnerships_json"),
    path("parcerias/<int:pk>/", views.partnership_detail, name="partnership"),
]
