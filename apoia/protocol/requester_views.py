"""Meus pedidos: a signed-in requester's own space (representatives of an organization,
municipal focal points, citizens with an account). The requests they may see
(`queries.visible_to`: their own, their organization's, what their prefeitura filed), each with
its status, due date and next step; each request opens on its own page (`views.detail`, which
shows a requester the requester's page and actions). Staff have the queue instead."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apoia.protocol import rules
from apoia.protocol.forms import MineFilterForm
from apoia.protocol.models import DEADLINE_CSS, DeadlineState
from apoia.protocol.queries import deadline_window, requested_by
from apoia.protocol.steps import MINE_PAGE_SIZE, for_requester


@login_required
def mine(request):
    if rules.works_the_queue(request.user):
        return redirect("protocol:queue")
    today, limit = deadline_window()
    form = MineFilterForm(request.GET)
    found = form.apply(requested_by(request.user))
    page_obj = Paginator(found, MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for req in page_obj:
        view = for_requester(request.user, req, today, limit)
        rows.append(
            {
                "req": req,
                "step": view.step,
                "deadline_label": DeadlineState(view.deadline_state).label
                if view.deadline_state
                else "",
                "deadline_css": DEADLINE_CSS.get(view.deadline_state, ""),
            }
        )
    filtered = any(request.GET.get(key) for key in ("q", "situacao"))
    return render(
        request,
        "protocol/requester/mine.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "filtered": filtered,
            "breadcrumbs": [(_("Meus pedidos"), None)],
        },
    )
