"""The management report (issue 10, item 9); joined into apoia.programs.urls (namespace
"programs")."""

from django.urls import path, register_converter

from apoia.programs import views_report as views


class ReportFormat:
    regex = "pdf|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReportFormat, "reportformat")

urlpatterns = [
    path("programas/gestao/<slug:slug>/relatorio/", views.report_page, name="report"),
    path(
        "programas/gestao/<slug:slug>/relatorio.<reportformat:fmt>",
        views.report_page,
        name="report_file",
    ),
]
