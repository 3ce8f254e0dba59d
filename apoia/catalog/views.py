from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.catalog.forms import ServiceFilterForm
from apoia.catalog.queries import filter_services, get_service_for, visible_to

PAGE_SIZE = 20


def service_list(request):
    services = visible_to(request.user)
    form = ServiceFilterForm(request.GET, services=services)
    found = filter_services(services, **form.filters())
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/service_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "services": page_obj.object_list,
            "breadcrumbs": [(_("Carta de Serviços"), None)],
        },
    )


def service_detail(request, slug):
    service = get_service_for(request.user, slug)
    breadcrumbs = [(_("Carta de Serviços"), reverse("catalog:list")), (service.name, None)]
    return render(
        request,
        "catalog/service_detail.html",
        {"service": service, "breadcrumbs": breadcrumbs, "page_contact": service.contact},
    )
