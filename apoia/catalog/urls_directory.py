from django.urls import path

from apoia.catalog import views_directory

app_name = "directory"
urlpatterns = [path("", views_directory.directory_page, name="directory")]
