from django.urls import path

from apoia.territory import views

app_name = "territory"
urlpatterns = [
    path("calendario/", views.calendar_page, name="calendar"),
]
