"""URLs of the legislative desk's demands (joined in urls.py, mounted at legislativo/)."""

from django.urls import path

from apoia.legislative import views_demands

urlpatterns = [
    path("demandas/", views_demands.demand_list, name="demands"),
    path("demandas/nova/", views_demands.demand_new, name="demand_new"),
]
