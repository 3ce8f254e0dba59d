from apoia.society import urls_councils, urls_partnerships, urls_registry, urls_regularization

app_name = "society"
urlpatterns = [
    *urls_regularization.urlpatterns,
    *urls_councils.urlpatterns,
    *urls_partnerships.urlpatterns,
    *urls_registry.urlpatterns,
]
