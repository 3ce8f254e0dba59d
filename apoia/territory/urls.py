from django.urls import path

from apoia.territory import views

app_name = "territory"
urlpatterns = [
    path("calendario/", views.calendar_page, name="calendar"),
    path("calendario/<str:uf>/dias/", views.add_day, name="add_day"),
    path("calendario/<str:uf>/adotar/", views.adopt_day, name="adopt_day"),
    path("calendario/dias/<int:pk>/remover/", views.remove_day, name="remove_day"),
]
