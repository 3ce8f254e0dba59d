"""Pages of programs part 2 (monitoring); joined into apoia.programs.urls (namespace "programs")."""

from django.urls import path, register_converter

from apoia.programs import views_monitoring as views
from apoia.programs import views_transparency as public


class OpenDataFormat:
    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(OpenDataFormat, "opendata")

urlpatterns = [
    path("programas/gestao/<slug:slug>/monitoramento/", views.dashboard, name="monitoring"),
    path(
        "programas/gestao/<slug:slug>/monitoramento/progresso/",
        views.staff_formula,
        name="monitoring_progress",
    ),
    path(
        "programas/gestao/<slug:slug>/monitoramento/<slug:name>/",
        views.table,
        name="monitoring_table",
    ),
    path("transparencia/programas/<slug:slug>/", public.transparency, name="transparency"),
    path(
        "transparencia/programas/<slug:slug>/progresso/",
        public.transparency_formula,
        name="transparency_progress",
    ),
    path(
        "transparencia/programas/<slug:slug>/dados.<opendata:fmt>",
        public.transparency_data,
        name="transparency_data",
    ),
    path(
        "transparencia/programas/<slug:slug>/municipios/<int:ibge>/",
        public.transparency_municipality,
        name="transparency_municipality",
    ),
    path(
        "transparencia/programas/<slug:slug>/municipios/<int:ibge>/dados.<opendata:fmt>",
        public.transparency_municipality_data,
        name="transparency_municipality_data",
    ),
]
