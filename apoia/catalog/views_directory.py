from django.shortcuts import render
from django.utils.translation import gettext as _

from apoia.catalog.directory import directory
from apoia.catalog.forms import DirectoryFilterForm


def directory_page(request):
    form = DirectoryFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = directory(
        theme=filters.get("tema", ""), q=filters.get("q", ""), uf=filters.get("uf", "")
    )
    return render(
        request,
        "catalog/directory.html",
        {
            "form": form,
            "entries": entries,
            "filtered": any(filters.values()),
            "breadcrumbs": [(_("Fale com a gente"), None)],
        },
    )
