"""Forms of the indicator catalog and of the import pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apoia.indicators import importing

# Big enough for a million long-form rows (~30 MB); the web server may cap uploads lower.
MAX_UPLOAD_BYTES = getattr(settings, "APOIA_IMPORT_MAX_BYTES", 100 * 1024 * 1024)


class CatalogFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar indicador"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Nome ou palavra da descrição")}
        ),
    )
    axis = forms.ChoiceField(label=_("Eixo"), required=False)

    def __init__(self, *args, axes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].choices = [("", _("Todos os eixos"))] + [(a, a) for a in axes]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "axis": ""}
        return {"q": self.cleaned_data["q"].strip(), "axis": self.cleaned_data["axis"]}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Arquivo (CSV ou XLSX)"),
        help_text=_(
            "Formato longo (colunas ibge, indicator, period, value — ou Código IBGE, Indicador, "
            "Ano, Valor, como nas tabelas baixadas do catálogo) ou largo (uma coluna por "
            "indicador ou por ano). CSV como o Excel salva (ponto e vírgula, decimal com "
            "vírgula) ou separado por vírgula com decimal ponto."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    layout = forms.ChoiceField(
        label=_("Formato"),
        required=False,
        choices=[
            ("", _("Detectar automaticamente")),
            (importing.LONG, _("Longo: uma linha por valor")),
            (importing.WIDE, _("Largo: uma coluna por indicador ou por ano")),
        ],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Arquivo grande demais: o limite é %(mb)s MB.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        # Type by content, not by name: an XLSX is a zip; a CSV is text without NUL bytes.
        if not importing.is_xlsx(head) and b"\x00" in head:
            raise forms.ValidationError(_("O arquivo não é um CSV nem uma planilha XLSX."))
        return upload
