from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from apoia.api.urls import api

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin, the API docs).
    path(
        "favicon.ico",
        RedirectView.as_view(get_redirect_url=lambda *args, **kwargs: static("apoia/favicon.svg")),
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("contas/", include("apoia.accounts.urls")),
    path("servicos/", include("apoia.catalog.urls")),
    path("fale-conosco/", include("apoia.catalog.urls_directory")),
    path("territorio/", include("apoia.territory.urls")),
    path("indicadores/", include("apoia.indicators.urls")),
    path("", include("apoia.protocol.urls")),
    path("tarefas/", include("apoia.followup.urls")),
    path("", include("apoia.programs.urls")),
    path("", include("apoia.agenda.urls")),
    path("", include("apoia.society.urls")),
    path("legislativo/", include("apoia.legislative.urls")),
    path("api/v1/", api.urls),
    path("open311/v2/", include("apoia.api.open311_urls")),
    path("admin/", admin.site.urls),
]

# Django's own 400s (a body over the upload limits, malformed multipart, a Host not allowed)
# in the language of the surface asked: JSON on the API and Open311, a Portuguese page here.
handler400 = "apoia.bad_requests.bad_request"
