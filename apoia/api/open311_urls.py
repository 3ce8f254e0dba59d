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
    re_path(
        r"^requests/(?P<service_request_id>[-./\d]+?)" + FORMAT,
        open311.request_detail,
        name="request",
    ),
]
