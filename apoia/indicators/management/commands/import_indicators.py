from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apoia.indicators import importing
from apoia.indicators.models import ImportStatus

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Importa valores de indicadores de um arquivo CSV ou XLSX (formato longo ou largo). "
        "Sem --commit, só pré-visualiza e lista os erros."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Arquivo CSV ou XLSX.")
        parser.add_argument(
            "--commit", action="store_true", help="Grava os valores se o arquivo não tiver erros."
        )
        parser.add_argument(
            "--layout",
            choices=[importing.LONG, importing.WIDE],
            help="Força o formato: long (ibge, indicator, period, value) ou wide.",
        )

    def handle(self, *args, file, commit=False, layout=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Arquivo não encontrado: %s") % path)
        batch, result = importing.import_file(
            path, layout=layout or "", commit=commit, on_progress=self.progress_bar()
        )
        self.stderr.write("")
        self.report(batch, result)
        if not result.is_valid:
            raise CommandError(
                _("O arquivo tem %(count)s erro(s); nada foi importado.")
                % {"count": result.error_count},
                returncode=1,
            )

    def progress_bar(self):
        shown = [-1]

        def draw(fraction: float) -> None:
            percent = int(fraction * 100)
            if percent == shown[0]:
                return
            shown[0] = percent
            filled = BAR_WIDTH * percent // 100
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stderr.write(f"\r[{bar}] {percent:3d}%", ending="")
            self.stderr.flush()

        return draw

    def report(self, batch, result) -> None:
        out = self.stdout.write
        out(
            _("Importação nº %(id)s: %(file)s (formato %(layout)s, SHA-256 %(sha)s)")
            % {
                "id": batch.pk,
                "file": batch.file_name,
                "layout": batch.layout or "?",
                "sha": batch.sha256,
            }
        )
        out(
            _("Valores lidos: %(total)s; válidos: %(valid)s; erros: %(errors)s.")
            % {
                "total": result.rows_total,
                "valid": len(result.values),
                "errors": result.error_count,
            }
        )
        for error in result.errors:
            where = _("linha %(row)s") % {"row": error["row"]} if error["row"] else _("arquivo")
            if error["column"]:
                where += ", " + _("coluna %(column)s") % {"column": error["column"]}
            out(f"  {where}: {error['message']}")
        hidden = result.error_count - len(result.errors)
        if hidden > 0:
            out(_("  … e mais %(count)s erro(s).") % {"count": hidden})
        previous = importing.already_committed(batch)
        if previous:
            out(
                _("Aviso: este mesmo arquivo já foi importado (importação nº %(id)s).")
                % {"id": previous.pk}
            )
        if batch.status == ImportStatus.COMMITTED:
            replaced = batch.replaced.count()
            out(
                _("Importado: %(total)s valores (%(new)s novos, %(replaced)s substituídos).")
                % {
                    "total": batch.rows_valid,
                    "new": batch.rows_valid - replaced,
                    "replaced": replaced,
                }
            )
        elif result.is_valid:
            out(_("Nada foi gravado: use --commit para importar."))
