from apoia.legislative import urls_bills, urls_demands

app_name = "legislative"
urlpatterns = [*urls_demands.urlpatterns, *urls_bills.urlpatterns]
