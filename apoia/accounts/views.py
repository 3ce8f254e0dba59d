import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apoia.accounts import services
from apoia.accounts.forms import ApiTokenForm, PasswordChangeForm, TwoFactorForm
from apoia.accounts.login import password_reset_allowed

PROFILE = (gettext_lazy("Minha conta"), reverse_lazy("accounts:profile"))


def crumbs(*trail, current) -> dict:
    """Breadcrumbs after "Início", which the base template always shows."""
    return {"breadcrumbs": [*trail, (current, None)]}


class PasswordResetView(auth_views.PasswordResetView):
    """Past the hourly limit no e-mail goes out, and the answer is the same "sent" page: a
    different one would tell a stranger that an address is being tried, or has an account."""

    def dispatch(self, request, *args, **kwargs):
        # Someone signed in knows their password: they change it, they do not reset it by mail.
        if request.user.is_authenticated:
            messages.info(
                request, _("Você já entrou na sua conta: troque a senha aqui, com a senha atual.")
            )
            return redirect("accounts:password_change")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Senha alterada.")
    extra_context = crumbs(PROFILE, current=gettext_lazy("Alterar senha"))


def _profile_context(request, **extra) -> dict:
    user = request.user
    return {
        "memberships": user.active_memberships,
        "totp_device": services.confirmed_totp_device(user),
        "tokens": user.api_tokens.all(),
        "token_form": ApiTokenForm(),
        **crumbs(current=_("Minha conta")),
        **extra,
    }


@login_required
def profile(request):
    return render(request, "accounts/profile.html", _profile_context(request))


@never_cache
@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/profile.html", _profile_context(request, token_form=form))
    token, secret = services.create_api_token(request.user, name=form.cleaned_data["name"])
    # Rendered, not redirected: the secret exists only in this response.
    context = _profile_context(request, new_token=token, new_secret=secret)
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens.active(), pk=pk)
    services.revoke_api_token(token, by=request.user)
    messages.success(request, _("Token “%(name)s” revogado.") % {"name": token.name})
    return redirect("accounts:profile")


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@never_cache
@login_required
def two_factor(request):
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    device = services.confirmed_totp_device(request.user)
    enrolling = device is None
    if enrolling:
        device = services.pending_totp_device(request.user)
    form = TwoFactorForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if services.totp_is_throttled(device):
            form.add_error(
                "code", _("Muitas tentativas seguidas. Aguarde alguns segundos e tente de novo.")
            )
        elif (services.confirm_totp_device if enrolling else services.verify_totp)(device, code):
            django_otp.login(request, device)
            if enrolling:
                messages.success(request, _("Verificação em duas etapas ativada."))
            return redirect(next_url)
        else:
            form.add_error(
                "code",
                _("Código inválido ou expirado. Confira o relógio do celular e tente de novo."),
            )
    context = {
        "form": form,
        "enrolling": enrolling,
        "next": next_url,
        **crumbs(current=_("Verificação em duas etapas")),
    }
    if enrolling:
        context["qr_svg"] = services.totp_qr_svg(device)
        context["secret"] = services.totp_secret_base32(device)
    return render(request, "accounts/two_factor.html", context)
