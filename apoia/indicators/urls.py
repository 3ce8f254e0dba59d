from django.urls import path

from apoia.indicators import views_analysis, views_catalog, views_import

app_name = "indicators"
# Fixed paths first: the catalog's `<slug:code>/` routes, at the end, would catch them.
urlpatterns = [
    # Imports (admins): upload, progress, preview, commit, roll back.
    path("importacoes/", views_import.import_list, name="imports"),
    path("importacoes/nova/", views_import.import_new, name="import_new"),
    path("importacoes/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("importacoes/<int:pk>/progresso/", views_import.import_progress, name="import_progress"),
    path("importacoes/<int:pk>/confirmar/", views_import.import_commit, name="import_commit"),
    path("importacoes/<int:pk>/desfazer/", views_import.import_rollback, name="import_rollback"),
    path("importacoes/<int:pk>/interromper/", views_import.import_abandon, name="import_abandon"),
    # Analysis.
    path("mapa/", views_analysis.map_page, name="map"),
    path("municipios/", views_analysis.municipality_list, name="municipalities"),
    path("municipios/<int:ibge>/", views_analysis.profile, name="profile"),
    path("ranking/", views_analysis.ranking_page, name="ranking"),
    path("ranking/salvar/", views_analysis.ranking_save, name="ranking_save"),
    path("listas/", views_analysis.saved_rankings, name="saved_rankings"),
    path("listas/<int:pk>/", views_analysis.saved_ranking, name="saved_ranking"),
    path(
        "listas/<int:pk>/lista.csv",
        views_analysis.saved_ranking_download,
        {"kind": "csv"},
        name="saved_ranking_csv",
    ),
    path(
        "listas/<int:pk>/lista.xlsx",
        views_analysis.saved_ranking_download,
        {"kind": "xlsx"},
        name="saved_ranking_xlsx",
    ),
    # The public catalog.
    path("", views_catalog.indicator_list, name="list"),
    path("<slug:code>/", views_catalog.indicator_detail, name="detail"),
    path(
        "<slug:code>/valores.csv",
        views_catalog.values_download,
        {"kind": "csv"},
        name="values_csv",
    ),
    path(
        "<slug:code>/valores.xlsx",
        views_catalog.values_download,
        {"kind": "xlsx"},
        name="values_xlsx",
    ),
]
