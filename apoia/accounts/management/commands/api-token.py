from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apoia.accounts.models import User
from apoia.accounts.services import create_api_token


class Command(BaseCommand):
    help = _("Cria um token pessoal de API para a pessoa com este e-mail e mostra o segredo.")

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("e-mail da pessoa"))
        parser.add_argument(
            "--name",
            default=_("Linha de comando"),
            help=_("nome do token (para que serve)"),
        )

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(_("Nenhuma pessoa ativa com o e-mail %(email)s.") % {"email": email})
        token, secret = create_api_token(user, name=name)
        # The secret alone on stdout, so `TOKEN=$(apoia api-token …)` works; the advice on stderr.
        self.stderr.write(
            _(
                "Token “%(name)s” criado para %(email)s. "
                "Guarde o segredo: ele não será mostrado de novo."
            )
            % {"name": token.name, "email": user.email}
        )
        self.stdout.write(secret)
