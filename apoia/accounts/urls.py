from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from apoia.accounts import views
from apoia.accounts.forms import EmailAuthenticationForm, PasswordResetForm, SetPasswordForm
from apoia.accounts.views import crumbs

LOGIN = (_("Entrar"), reverse_lazy("accounts:login"))

app_name = "accounts"
urlpatterns = [
    path(
        "entrar/",
        auth_views.LoginView.as_view(
            form_class=EmailAuthenticationForm,
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
            extra_context=crumbs(current=_("Entrar")),
        ),
        name="login",
    ),
    path("sair/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "senha/esqueci/",
        views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
            extra_context=crumbs(LOGIN, current=_("Redefinir senha")),
        ),
        name="password_reset",
    ),
    path(
        "senha/esqueci/enviado/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html",
            extra_context=crumbs(LOGIN, current=_("Redefinir senha")),
        ),
        name="password_reset_done",
    ),
    path(
        "senha/redefinir/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=SetPasswordForm,
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
            extra_context=crumbs(LOGIN, current=_("Nova senha")),
        ),
        name="password_reset_confirm",
    ),
    path(
        "senha/redefinida/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html",
            extra_context=crumbs(LOGIN, current=_("Senha redefinida")),
        ),
        name="password_reset_complete",
    ),
    path("senha/alterar/", views.PasswordChangeView.as_view(), name="password_change"),
    path("perfil/", views.profile, name="profile"),
    path("perfil/tokens/", views.token_create, name="token_create"),
    path("perfil/tokens/<int:pk>/revogar/", views.token_revoke, name="token_revoke"),
    path("dois-fatores/", views.two_factor, name="two_factor"),
]
