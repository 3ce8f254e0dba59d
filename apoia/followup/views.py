"""The owner's task list (/tarefas/) and a task's page, with its complete and cancel forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apoia.followup import queries, services
from apoia.followup.forms import CancelTaskForm, CompleteTaskForm, TaskFilterForm
from apoia.followup.models import TaskStatus
from apoia.followup.registry import describe

PAGE_SIZE = 25


@login_required
def task_list(request):
    if not queries.has_task_list(request.user):
        raise Http404
    today = timezone.localdate()
    form = TaskFilterForm(request.GET or None)
    qs = queries.tasks_owned_by(request.user)
    if form.is_valid():
        qs = queries.filter_tasks(
            qs, status=form.cleaned_data["status"], late=form.cleaned_data["late"], today=today
        )
    page_obj = Paginator(qs.order_by("status", "due", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"task": t, "late": t.is_late(today), "source": describe(t)} for t in page_obj]
    return render(
        request,
        "followup/task_list.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page_obj,
            "filtered": bool(request.GET.get("status") or request.GET.get("late")),
            "breadcrumbs": [(_("Minhas tarefas"), None)],
        },
    )


def _page(request, task, *, complete_form=None, cancel_form=None, status=200):
    today = timezone.localdate()
    may_work = queries.may_work(request.user, task) and task.status == TaskStatus.OPEN
    return render(
        request,
        "followup/task_detail.html",
        {
            "task": task,
            "late": task.is_late(today),
            "source": describe(task),
            "may_work": may_work,
            "complete_form": complete_form or CompleteTaskForm(),
            "cancel_form": cancel_form or CancelTaskForm(),
            "breadcrumbs": [
                (_("Minhas tarefas"), reverse("followup:tasks")),
                (task.title, None),
            ],
        },
        status=status,
    )


@login_required
def task_detail(request, pk):
    return _page(request, queries.get_task_for(request.user, pk))


def _act(request, pk, form_class, form_name, act, done_message):
    task = queries.get_task_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(task, form.cleaned_data)
        except services.TaskTransitionError as exc:
            messages.error(request, exc.message)
            return redirect(task)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, done_message)
            return redirect(task)
    return _page(request, task, **{form_name: form}, status=422)


@login_required
@require_POST
def task_complete(request, pk):
    return _act(
        request,
        pk,
        CompleteTaskForm,
        "complete_form",
        lambda task, data: services.complete_task(task, by=request.user, note=data["note"]),
        _("Tarefa concluída."),
    )


@login_required
@require_POST
def task_cancel(request, pk):
    return _act(
        request,
        pk,
        CancelTaskForm,
        "cancel_form",
        lambda task, data: services.cancel_task(task, by=request.user, reason=data["reason"]),
        _("Tarefa cancelada."),
    )
