"""Forms of the requester's side: the submission form, tracking lookup and requester actions.

They parse and check what a form can check on its own (types, sizes, files); the business rules
stay in `services.validate_submission`, whose messages the views put back on these fields.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apoia.accounts.models import Role
from apoia.catalog.models import Service, ServiceKind
from apoia.protocol import limits, services
from apoia.protocol.files import ALLOWED_LABEL, inspect_upload
from apoia.protocol.limits import char_limit
from apoia.protocol.numbering import normalize_protocol
from apoia.territory.models import Municipality

MAX_FILES = limits.FILES
ACCEPT = ".pdf,.odt,.docx,.png,.jpg,.jpeg,.gif,.webp"

# Where each key of the service's ValidationError goes on the submission form.
SERVICE_FIELDS = {
    "requester.name": "name",
    "requester.email": "email",
    "requester.document": "document",
    "requester.phone": "phone",
    "organization.name": "organization_name",
    "organization.cnpj": "organization_cnpj",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is size-checked and type-sniffed from its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        files = [upload for upload in (single(item, initial) for item in items) if upload]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Envie no máximo %(count)s arquivos de cada vez.") % {"count": MAX_FILES}
            )
        errors = []
        for upload in files:
            try:
                inspect_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


def attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Anexos"),
        help_text=_("%(types)s; até %(count)s arquivos, 10 MB cada e 25 MB ao todo.")
        % {"types": ALLOWED_LABEL, "count": limits.FILES},
    )


def membership_municipality(user) -> Municipality | None:
    """The municipality of the user's prefeitura or organization: the form's default."""
    if user is None or not user.is_authenticated:
        return None
    for membership in user.active_memberships:
        if membership.role == Role.MUNICIPAL and membership.municipality_id:
            return membership.municipality
        if membership.role == Role.ORGANIZATION and membership.organization_id:
            return membership.organization.municipality
    return None


def membership_organization(user):
    if user is None or not user.is_authenticated:
        return None
    for membership in user.active_memberships:
        if membership.role == Role.ORGANIZATION and membership.organization_id:
            return membership.organization
    return None


class SubmissionForm(forms.Form):
    """Fields depend on the service: its options, its kind, anonymity, and who is asking."""

    def __init__(self, *args, service: Service, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.user = user
        authenticated = user is not None and user.is_authenticated
        is_ombudsman = service.kind in (ServiceKind.OMBUDSMAN, ServiceKind.INFORMATION_REQUEST)
        self.is_ombudsman = is_ombudsman
        self.identity_fields = []

        options = list(service.options.all())
        if options:
            self.fields["option"] = forms.ModelChoiceField(
                label=_("O que você precisa?"),
                queryset=service.options.all(),
                widget=forms.RadioSelect,
                empty_label=None,
                error_messages={
                    "required": _("Escolha uma das opções do serviço."),
                    "invalid_choice": _("Escolha uma das opções do serviço."),
                },
            )
            self.fields["option"].label_from_instance = _option_label

        if service.allows_anonymous:
            self.fields["anonymous"] = forms.BooleanField(
                label=_("Quero me manter anônimo"),
                required=False,
                help_text=_(
                    "Não guardamos seu nome nem seus contatos. O número de protocolo e o código "
                    "de acesso serão a única forma de acompanhar a manifestação: anote-os."
                ),
            )

        if not authenticated:
            required = not service.allows_anonymous
            identity = {
                "name": char_limit(
                    forms.CharField(
                        label=_("Nome completo"),
                        required=required,
                        error_messages={"required": _("Informe seu nome.")},
                    ),
                    limits.NAME,
                    counter=False,
                ),
                "email": forms.EmailField(
                    label=_("E-mail"),
                    max_length=None,
                    required=required,
                    help_text=_("O recibo e cada atualização do pedido chegam por este e-mail."),
                    error_messages={
                        "required": _("Informe seu e-mail."),
                        "invalid": _("E-mail inválido."),
                    },
                ),
                "document": char_limit(
                    forms.CharField(
                        label=_("CPF ou CNPJ"),
                        required=required,
                        error_messages={"required": _("Informe seu CPF ou o CNPJ da organização.")},
                    ),
                    limits.DOCUMENT,
                    counter=False,
                ),
                "phone": char_limit(
                    forms.CharField(label=_("Telefone"), required=False),
                    limits.PHONE,
                    counter=False,
                ),
            }
            char_limit(identity["email"], limits.EMAIL, counter=False)
            if not required:
                identity["name"].help_text = _(
                    "Nome, e-mail e CPF ou CNPJ são obrigatórios, a menos que você escolha o "
                    "anonimato."
                )
            for name, field in identity.items():
                self.fields[name] = field
                self.identity_fields.append(name)
            self.fields["email"].widget.attrs["autocomplete"] = "email"
            self.fields["name"].widget.attrs["autocomplete"] = "name"
            self.fields["phone"].widget.attrs["autocomplete"] = "tel"
            self.fields["document"].widget.attrs["inputmode"] = "numeric"

        if not is_ombudsman:
            organization = membership_organization(user)
            self.fields["organization_name"] = forms.CharField(
                label=_("Nome da organização"),
                required=False,
                help_text=(
                    _("Deixe em branco para pedir em nome de %(name)s.")
                    % {"name": organization.name}
                    if organization
                    else _(
                        "Preencha se o pedido é feito em nome de uma associação ou OSC. Deixe em "
                        "branco se você pede em nome próprio; o pedido ficará em seu nome, como "
                        "pessoa física."
                    )
                ),
            )
            char_limit(self.fields["organization_name"], limits.ORGANIZATION_NAME, counter=False)
            self.fields["organization_cnpj"] = char_limit(
                forms.CharField(label=_("CNPJ da organização"), required=False),
                limits.DOCUMENT,
                counter=False,
            )
            self.fields["organization_cnpj"].widget.attrs["inputmode"] = "numeric"

        self.fields["municipality"] = forms.ModelChoiceField(
            label=_("Município"),
            queryset=Municipality.objects.filter(state_id=service.state_id),
            required=not is_ombudsman,
            empty_label=_("Selecione o município"),
            help_text=(
                _("Município a que a manifestação se refere, se for o caso.")
                if is_ombudsman
                else _("O prazo considera os feriados deste município.")
            ),
            error_messages={
                "required": _("Informe o município."),
                "invalid_choice": _("Escolha um município da lista."),
            },
        )
        # Not for ombudsman and LAI requests: their town must be one the filer chose (an
        # anonymous denúncia keeps nothing taken from the filer's memberships).
        default = None if is_ombudsman else membership_municipality(user)
        if default is not None and default.state_id == service.state_id:
            self.fields["municipality"].initial = default.pk

        if is_ombudsman:
            self.fields["subject"] = char_limit(
                forms.CharField(
                    label=_("Assunto"), error_messages={"required": _("Informe o assunto.")}
                ),
                limits.SUBJECT,
            )
        self.fields["description"] = forms.CharField(
            label=(
                _("Descreva sua manifestação")
                if service.kind == ServiceKind.OMBUDSMAN
                else _("Que informação você procura?")
                if service.kind == ServiceKind.INFORMATION_REQUEST
                else _("Descreva o pedido")
            ),
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={"required": _("Descreva o pedido.")},
        )
        char_limit(self.fields["description"], limits.DESCRIPTION)
        if service.kind in (ServiceKind.SERVICE, ServiceKind.PROGRAM_ADHESION):
            self.fields["suggested_dates"] = char_limit(
                forms.CharField(
                    label=_("Datas sugeridas"),
                    required=False,
                    help_text=_("Por exemplo: 10 a 14/03/2027, de manhã."),
                ),
                limits.SUGGESTED_DATES,
            )
            self.fields["suggested_agenda"] = forms.CharField(
                label=_("Programação sugerida"),
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                help_text=_("Uma programação prévia: temas, público esperado, duração."),
            )
            char_limit(self.fields["suggested_agenda"], limits.SUGGESTED_AGENDA)
        self.fields["attachments"] = attachments_field()
        if "anonymous" in self.fields:
            self._forget_identity_when_anonymous()

    def _forget_identity_when_anonymous(self) -> None:
        """Whoever chooses anonymity is not asked who they are: what they may have typed before
        ticking the box is dropped here, before any check (a half-typed e-mail must not block
        the manifestation) and before the form can come back showing it. forms.js hides and
        clears the same fields in the browser; their ids travel on the checkbox."""
        hidden = [*self.identity_fields, "organization_name", "organization_cnpj"]
        hidden = [name for name in hidden if name in self.fields]
        anonymous = self.fields["anonymous"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("anonymous")
        )
        if self.is_bound and anonymous:
            data = self.data.copy()
            for name in hidden:
                data.pop(self.add_prefix(name), None)
            self.data = data
        self.fields["anonymous"].widget.attrs["data-anonymous-hides"] = " ".join(
            self[name].auto_id for name in hidden
        )

    def clean(self):
        cleaned = super().clean()
        # The service's own rules (document check digits, organization, description length...)
        # run here too, so the form shows every problem at once. Files were checked above.
        kwargs = self.submission_kwargs()
        errors = services.validate_submission(
            service=self.service,
            option=kwargs["option"],
            user=self.user,
            requester=kwargs["requester"],
            organization=kwargs["organization"],
            municipality=kwargs["municipality"],
            description=kwargs["description"],
            anonymous=kwargs["anonymous"],
            attachments=(),
            subject=kwargs["subject"],
            suggested_dates=kwargs["suggested_dates"],
            suggested_agenda=kwargs["suggested_agenda"],
        )
        self.add_service_errors(errors)
        return cleaned

    def submission_kwargs(self) -> dict:
        """Keyword arguments of `services.submit_request` from what was parsed so far."""
        data = self.cleaned_data
        anonymous = bool(data.get("anonymous"))
        requester = organization = None
        if self.identity_fields and not anonymous:
            requester = services.RequesterData(
                name=data.get("name") or "",
                email=data.get("email") or "",
                document=data.get("document") or "",
                phone=data.get("phone") or "",
            )
        if "organization_name" in self.fields and not anonymous:
            organization = services.OrganizationData(
                name=data.get("organization_name") or "", cnpj=data.get("organization_cnpj") or ""
            )
        return {
            "service": self.service,
            "option": data.get("option"),
            "requester": requester,
            "organization": organization,
            "municipality": data.get("municipality"),
            "subject": data.get("subject") or "",
            "description": data.get("description") or "",
            "suggested_dates": data.get("suggested_dates") or "",
            "suggested_agenda": data.get("suggested_agenda") or "",
            "anonymous": anonymous,
            "attachments": data.get("attachments") or [],
        }

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Put each message of the service on its field; a field the form already flagged keeps
        only the form's message ("E-mail inválido." rather than also "Informe seu e-mail.")."""
        for key, messages in errors.items():
            field = SERVICE_FIELDS.get(key, key)
            if field not in self.fields:
                field = None
            elif field in self.errors:
                continue
            for message in messages:
                self.add_error(field, message)


def _option_label(option) -> str:
    return f"{option.name} — {option.description}" if option.description else option.name


class TrackingForm(forms.Form):
    protocol = forms.CharField(
        label=gettext_lazy("Número do protocolo"),
        max_length=40,
        help_text=gettext_lazy("Com ou sem pontuação: 23037.001462/2021-65 ou 23037001462202165."),
        error_messages={"required": gettext_lazy("Informe o número do protocolo.")},
    )
    access_code = forms.CharField(
        label=gettext_lazy("Código de acesso"),
        max_length=20,
        help_text=gettext_lazy("Está no recibo e no e-mail de confirmação."),
        error_messages={"required": gettext_lazy("Informe o código de acesso.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access_code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )

    def clean_protocol(self):
        return valid_protocol_number(self.cleaned_data["protocol"])


def valid_protocol_number(text: str) -> str:
    """The formatted number, or a ValidationError when the digits do not check (no lookup)."""
    number = normalize_protocol(text)
    if number is None:
        raise ValidationError(_("Número de protocolo inválido: confira os dígitos."))
    return number


class ReplyForm(forms.Form):
    text = char_limit(
        forms.CharField(
            label=gettext_lazy("Mensagem"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        ),
        limits.TEXT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = attachments_field()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("text", "").strip() and not cleaned["attachments"]:
            self.add_error("text", _("Escreva uma mensagem ou anexe um documento."))
        return cleaned


SCORES = [(n, str(n)) for n in range(5, 0, -1)]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Sua nota (1 a 5)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Escolha uma nota de 1 a 5."),
            "invalid_choice": gettext_lazy("A nota vai de 1 a 5."),
        },
    )
    comment = char_limit(
        forms.CharField(
            label=gettext_lazy("Comentário"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        ),
        limits.COMMENT,
    )


class ReopenForm(forms.Form):
    reason = char_limit(
        forms.CharField(
            label=gettext_lazy("Por que o pedido deve ser reaberto?"),
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": gettext_lazy("Explique por que o pedido deve ser reaberto.")
            },
        ),
        limits.TEXT,
    )


class AppealForm(forms.Form):
    text = char_limit(
        forms.CharField(
            label=gettext_lazy("Razões do recurso"),
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": gettext_lazy("Apresente as razões do recurso.")},
        ),
        limits.TEXT,
    )
