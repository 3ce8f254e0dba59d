"""Menu pages: the public menu of a program, the managers' editor (an action and its
deliveries), and the actions suggested to an adhered municipality."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apoia.programs import queries, queries_menu
from apoia.programs.forms_menu import ActionForm, ChecklistForm, DeliveryFormSet, delivery_initial
from apoia.programs.history import history_rows
from apoia.programs.models import Action, ActionDelivery
from apoia.programs.services import challenges as challenge_services
from apoia.programs.services import menu as services


def menu(request, slug):
    program = queries.get_program(slug)
    return render(
        request,
        "programs/menu.html",
        {
            "program": program,
            "phase": queries.current_phase(program),
            "actions": list(queries_menu.menu_of(program)),
            "may_manage": challenge_services.can_manage(request.user, program),
            "breadcrumbs": [
                (_("Programas"), reverse("programs:list")),
                (program.name, program.get_absolute_url()),
                (_("Cardápio de ações"), None),
            ],
        },
    )


def _managed(user, slug):
    program = queries.get_program(slug)
    if not challenge_services.can_manage(user, program):
        raise Http404
    return program


def _editor_crumbs(program, *tail):
    return [
        (_("Gestão de programas"), reverse("programs:staff_programs")),
        (program.name, reverse("programs:staff_program", args=[program.slug])),
        *tail,
    ]


@login_required
def menu_editor(request, slug):
    program = _managed(request.user, slug)
    return render(
        request,
        "programs/menu_editor.html",
        {
            "program": program,
            "phase": queries.current_phase(program),
            "actions": list(queries_menu.menu_of(program, published_only=False)),
            "breadcrumbs": _editor_crumbs(program, (_("Cardápio de ações"), None)),
        },
    )


def _deliveries(formset) -> list[dict]:
    """The filled rows of the formset, in order; untouched blank rows are left out."""
    found = []
    for index, form in enumerate(formset.forms):
        if index >= formset.initial_form_count() and not form.has_changed():
            continue
        found.append(form.as_data())
    return found


def _put_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, errors in exc.message_dict.items():
        for error in errors:
            # The delivery forms validate their own fields first; what reaches here about
            # deliveries ("at least one") is about the list, said above the form.
            form.add_error(field if field in form.fields else None, error)


@login_required
def action_edit(request, slug, pk=None):
    program = _managed(request.user, slug)
    if pk is None:
        phase = queries.current_phase(program)
        if phase is None:
            raise Http404
        action = Action(phase=phase)
    else:
        action = queries_menu.get_action(program, pk)
        phase = action.phase
    status = 200
    if request.method == "POST":
        form = ActionForm(request.POST, instance=action, phase=phase)
        formset = DeliveryFormSet(request.POST, prefix="deliveries")
        checklist = ChecklistForm(request.POST, action=action, prefix="checklist")
        # Every part is validated, so one page shows all the errors at once.
        valid = [form.is_valid(), formset.is_valid(), checklist.is_valid()]
        if all(valid):
            try:
                saved = services.save_action(
                    form.save(commit=False),
                    challenges=form.cleaned_data["challenges"],
                    deliveries=_deliveries(formset),
                    by=request.user,
                    review_checklist=checklist.checklist,
                )
            except ValidationError as exc:
                _put_errors(form, exc)
            else:
                messages.success(request, _("Ação “%(title)s” salva.") % {"title": saved.title})
                return redirect("programs:menu_editor", program.slug)
        status = 422
    else:
        form = ActionForm(instance=action, phase=phase)
        checklist = ChecklistForm(action=action, prefix="checklist")
        formset = DeliveryFormSet(
            prefix="deliveries", initial=delivery_initial(action) if action.pk else None
        )
    history = []
    if action.pk:
        records = list(action.history.select_related("history_user"))
        records += list(
            ActionDelivery.history.filter(action_id=action.pk).select_related("history_user")
        )
        records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
        history = history_rows(records)
    title = action.title if action.pk else _("Nova ação")
    return render(
        request,
        "programs/menu_action_edit.html",
        {
            "program": program,
            "action": action,
            "form": form,
            "formset": formset,
            "checklist": checklist,
            "history": history,
            "title": title,
            "breadcrumbs": _editor_crumbs(
                program,
                (_("Cardápio de ações"), reverse("programs:menu_editor", args=[program.slug])),
                (title, None),
            ),
        },
        status=status,
    )


@login_required
def suggestions(request, pk):
    adhesion = queries.get_adhesion_for(request.user, pk)
    return render(
        request,
        "programs/menu_suggestions.html",
        {
            "adhesion": adhesion,
            "program": adhesion.program,
            "suggestions": queries_menu.suggested_actions(adhesion),
            "breadcrumbs": [
                (_("Programas"), reverse("programs:list")),
                (adhesion.program.name, adhesion.program.get_absolute_url()),
                (str(adhesion.municipality), reverse("programs:adhesion", args=[adhesion.pk])),
                (_("Ações sugeridas"), None),
            ],
        },
    )
