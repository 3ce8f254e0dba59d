from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from apoia.accounts.login import normalize_email
from apoia.accounts.models import ApiToken


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    """Log in with e-mail and password. The field keeps the name `username`: axes reads it."""

    username = auth_forms.UsernameField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Senha"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("E-mail ou senha incorretos. Confira os dados e tente de novo."),
        "inactive": _("Esta conta está desativada."),
    }

    def clean_username(self):
        return normalize_email(self.cleaned_data["username"])


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1=_("Nova senha"), label2=_("Confirme a nova senha")
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    old_password = forms.CharField(
        label=_("Senha atual"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1, new_password2 = auth_forms.SetPasswordMixin.create_password_fields(
        label1=_("Nova senha"), label2=_("Confirme a nova senha")
    )

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_incorrect": _("A senha atual está incorreta."),
    }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nome do token"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("Para que ele serve, por exemplo: integração com o sistema do município."),
    )


class OneTimeCodeField(forms.CharField):
    """Authenticator apps show "123 456"; people type the space too."""

    def to_python(self, value):
        return super().to_python(value).replace(" ", "")


class TwoFactorForm(forms.Form):
    code = OneTimeCodeField(
        label=_("Código do aplicativo autenticador"),
        max_length=8,
        validators=[RegexValidator(r"^[0-9]{6,8}$", _("Informe os 6 dígitos do código."))],
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )
