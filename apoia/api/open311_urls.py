"""Open311 GeoReport v2 (/open311/v2/): each endpoint answers `.json` or `.xml`."""

from django.urls import re_path

from apoia.api import open311

FORMAT = r"\.(?P<fmt>json|xml)$"

app_name = "open311"
urlpatterns = [
    re_path(r"^services" + FORMAT, open311.service_list, name="services"),
    re_path(
        r"^services/(?P<service_code>[-\w]+)" + FORMAT,
        open311.service_definition,
        name="service_definition",
    ),
    re_path(r"^requests" + FORMAT, open311.requests, name="requests"),
    # Any id reaches the view, which answers Open311's own 404 for every number it does not
    # know (a "\d" here would send "¹" to Django's HTML 404 instead).
    re_path(
        r"^requests/(?P<service_request_id>.+?)" + FORMAT,
        open311.request_detail,
        name="request",
    ),
]
